<?php
/**
 * Stand-in for cloudevents/sdk-php's JsonSerializer (not in the offline Magento): the structured
 * JSON mode, with the real class's factory and method.
 */
declare(strict_types=1);

namespace CloudEvents\Serializers;

use CloudEvents\Serializers\Normalizers\V1\Normalizer;
use CloudEvents\V1\CloudEventInterface;

final class JsonSerializer
{
    /**
     * @var Normalizer
     */
    private Normalizer $normalizer;

    /**
     * @param Normalizer $normalizer
     */
    public function __construct(Normalizer $normalizer)
    {
        $this->normalizer = $normalizer;
    }

    /**
     * @return self
     */
    public static function create(): self
    {
        return new self(new Normalizer());
    }

    /**
     * @param CloudEventInterface $cloudEvent
     * @return string the event as one structured-mode JSON document
     */
    public function serializeStructured(CloudEventInterface $cloudEvent): string
    {
        return json_encode($this->normalizer->normalize($cloudEvent, false), JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
    }
}
