<?php
/**
 * A custom sink as a module writes one for mageos-async-events 4.x (like the AWS sinks).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

use CloudEvents\V1\CloudEventImmutable;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Api\Data\ResultInterface;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierInterface;

/**
 * Implements the 4.x interface and reads the event through the CloudEvent's getters.
 */
class CloudEventNotifier extends RecordingNotifier implements NotifierInterface
{
    /**
     * @inheritdoc
     */
    public function notify(AsyncEventInterface $asyncEvent, CloudEventImmutable $event): ResultInterface
    {
        return $this->answer($asyncEvent, $event, [
            'specversion' => $event->getSpecVersion(),
            'id' => $event->getId(),
            'source' => $event->getSource(),
            'type' => $event->getType(),
            'datacontenttype' => $event->getDataContentType(),
            'time' => $event->getTime(),
            'data' => $event->getData(),
        ]);
    }
}
