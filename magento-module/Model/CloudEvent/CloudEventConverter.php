<?php
/**
 * Turns the extension's CloudEvent arrays into cloudevents/sdk-php objects for 4.x notifiers.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\CloudEvent;

use CloudEvents\V1\CloudEventImmutable;
use DateTimeImmutable;
use Magento\Framework\Exception\LocalizedException;

/**
 * The extension hands every delivery its CloudEvent as the array the HTTP sink serialises
 * (`specversion`, `id`, `source`, `type`, `datacontenttype`, `data`, optional `time`, `subject`,
 * `dataschema` and extension attributes). Notifiers written for 4.x take a CloudEventImmutable;
 * the class comes from cloudevents/sdk-php, which the sink packages require and this module does
 * not, so it is only touched when such a notifier is called.
 */
class CloudEventConverter
{
    /**
     * Attributes of the CloudEvents spec that are not extension attributes.
     */
    private const CONTEXT_ATTRIBUTES = [
        'specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time', 'data',
    ];

    /**
     * Whether cloudevents/sdk-php is installed.
     *
     * @return bool
     */
    public function isAvailable(): bool
    {
        return class_exists(CloudEventImmutable::class);
    }

    /**
     * Build the CloudEvent object of an event array.
     *
     * @param array<string, mixed> $event
     * @return CloudEventImmutable
     * @throws LocalizedException when cloudevents/sdk-php is not installed
     */
    public function fromArray(array $event): CloudEventImmutable
    {
        if (!$this->isAvailable()) {
            throw new LocalizedException(__(
                'A notifier takes a CloudEvent, but cloudevents/sdk-php is not installed: '
                . 'composer require cloudevents/sdk-php'
            ));
        }
        $extensions = array_filter(
            array_diff_key($event, array_flip(self::CONTEXT_ATTRIBUTES)),
            static fn ($value, $name) => preg_match('/^[a-z0-9]{1,20}$/', (string)$name)
                && ($value === null || is_scalar($value)) && !is_float($value),
            ARRAY_FILTER_USE_BOTH
        );
        return new CloudEventImmutable(
            (string)$event['id'],
            (string)$event['source'],
            (string)$event['type'],
            $event['data'] ?? null,
            isset($event['datacontenttype']) ? (string)$event['datacontenttype'] : null,
            isset($event['dataschema']) ? (string)$event['dataschema'] : null,
            isset($event['subject']) ? (string)$event['subject'] : null,
            isset($event['time']) ? new DateTimeImmutable((string)$event['time']) : null,
            $extensions
        );
    }
}
