<?php
/**
 * Read access to the asynchronous events declared in async_events.xml.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use Magento\Framework\Config\DataInterface;

/**
 * The events every module declares, by lower-cased name: service class, method and ACL resources.
 * Same public method as mageos-async-events' Config, plus typed look-ups.
 */
class Config
{
    /**
     * @var DataInterface
     */
    private DataInterface $dataStorage;

    /**
     * @param DataInterface $dataStorage the merged, cached async_events.xml (Model\Config\Data)
     */
    public function __construct(DataInterface $dataStorage)
    {
        $this->dataStorage = $dataStorage;
    }

    /**
     * Get the declaration of an event, or an empty array when it is not declared.
     *
     * @param string $key event name (any case)
     * @return array
     */
    public function get(string $key): array
    {
        $value = $this->dataStorage->get(strtolower($key), []);
        return is_array($value) ? $value : [];
    }

    /**
     * Get the declaration of an event, or null when no module declares it.
     *
     * @param string $eventName
     * @return array{class: string, method: string, resources: string[]}|null
     */
    public function getEvent(string $eventName): ?array
    {
        $event = $this->get($eventName);
        if (!isset($event['class'], $event['method'])) {
            return null;
        }
        $event['resources'] = array_values($event['resources'] ?? []);
        return $event;
    }

    /**
     * Whether a module declares the event.
     *
     * @param string $eventName
     * @return bool
     */
    public function isDefined(string $eventName): bool
    {
        return $this->getEvent($eventName) !== null;
    }

    /**
     * Get the names of every declared event, sorted.
     *
     * @return string[]
     */
    public function getEventNames(): array
    {
        $all = $this->dataStorage->get(null, []);
        $names = is_array($all) ? array_map('strval', array_keys($all)) : [];
        sort($names);
        return $names;
    }
}
