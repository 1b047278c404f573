<?php
/**
 * Turns merged async_events.xml documents into the events table the module reads.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Config;

use Magento\Framework\Config\ConverterInterface;

/**
 * Converts `<async_event name><service class method/><resources><resource/></resources></async_event>`
 * into `[lower-cased name => ['class' => ..., 'method' => ..., 'resources' => [...]]]`.
 */
class Converter implements ConverterInterface
{
    /**
     * Names an event may have (also enforced by async_events.xsd).
     */
    public const EVENT_NAME_PATTERN = '/^[a-zA-Z0-9._-]+$/';

    /**
     * Convert the merged DOM.
     *
     * @param \DOMDocument $source
     * @return array<string, array{class: string, method: string, resources: string[]}>
     * @throws \InvalidArgumentException when an event is declared without a valid name or service
     */
    public function convert($source)
    {
        $events = [];
        /** @var \DOMElement $node */
        foreach ($source->getElementsByTagName('async_event') as $node) {
            $name = trim($node->getAttribute('name'));
            if (!preg_match(self::EVENT_NAME_PATTERN, $name)) {
                throw new \InvalidArgumentException(
                    sprintf('async_events.xml: event name "%s" may only contain [a-zA-Z0-9._-]', $name)
                );
            }
            $event = ['class' => '', 'method' => '', 'resources' => []];
            foreach ($node->childNodes as $child) {
                if (!$child instanceof \DOMElement) {
                    continue;
                }
                if ($child->nodeName === 'service') {
                    $event['class'] = ltrim(trim($child->getAttribute('class')), '\\');
                    $event['method'] = trim($child->getAttribute('method'));
                } elseif ($child->nodeName === 'resources') {
                    foreach ($child->getElementsByTagName('resource') as $resource) {
                        $id = trim($resource->textContent);
                        if ($id !== '') {
                            $event['resources'][] = $id;
                        }
                    }
                }
            }
            if ($event['class'] === '' || $event['method'] === '') {
                throw new \InvalidArgumentException(
                    sprintf('async_events.xml: event "%s" needs <service class="..." method="..."/>', $name)
                );
            }
            $events[strtolower($name)] = $event;
        }
        ksort($events);
        return $events;
    }
}
