<?php
/**
 * Stand-in for cloudevents/sdk-php's V1 Normalizer (not in the offline Magento): an event as the
 * structured JSON mode's array, the same method as the real class.
 */
declare(strict_types=1);

namespace CloudEvents\Serializers\Normalizers\V1;

use CloudEvents\V1\CloudEventInterface;

class Normalizer
{
    /**
     * @param CloudEventInterface $cloudEvent
     * @param bool $rawData true: `data` as it is; false: `data`, or `data_base64` for a string of binary data
     * @return array<string, mixed>
     */
    public function normalize(CloudEventInterface $cloudEvent, bool $rawData): array
    {
        $normalized = array_filter([
            'specversion' => $cloudEvent->getSpecVersion(),
            'id' => $cloudEvent->getId(),
            'source' => $cloudEvent->getSource(),
            'type' => $cloudEvent->getType(),
            'datacontenttype' => $cloudEvent->getDataContentType(),
            'dataschema' => $cloudEvent->getDataSchema(),
            'subject' => $cloudEvent->getSubject(),
            'time' => $cloudEvent->getTime()?->setTimezone(new \DateTimeZone('UTC'))->format('Y-m-d\TH:i:s.v\Z'),
        ], static fn ($value) => $value !== null) + $cloudEvent->getExtensions();
        $data = $cloudEvent->getData();
        if ($data !== null) {
            if (!$rawData && is_string($data) && !mb_check_encoding($data, 'UTF-8')) {
                $normalized['data_base64'] = base64_encode($data);
            } else {
                $normalized['data'] = $data;
            }
        }
        return $normalized;
    }
}
