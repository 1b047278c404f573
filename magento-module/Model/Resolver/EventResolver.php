<?php
/**
 * Builds an event's payload by calling its service method, as Magento's webapi would.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Resolver;

use MageOS\AsyncEvents\Model\Config;
use Magento\Framework\ObjectManagerInterface;
use Magento\Framework\Webapi\ServiceInputProcessor;
use Magento\Framework\Webapi\ServiceOutputProcessor;

/**
 * The resolver the trigger consumer hands to the extension: given a published event it looks up
 * the service class and method declared in async_events.xml, maps the published arguments onto
 * the method's parameters by name (ServiceInputProcessor, as a REST request would), calls it, and
 * turns the result into the array a REST response would carry (ServiceOutputProcessor: snake_case
 * keys). Any exception it throws makes the extension dead-letter that event with the message.
 */
class EventResolver
{
    /**
     * The one argument of an event published with its payload (not a PHP parameter name, so it
     * cannot clash with a service method's arguments).
     */
    public const RESOLVED_OUTPUT = '@output';

    /**
     * @var Config
     */
    private Config $config;

    /**
     * @var ObjectManagerInterface
     */
    private ObjectManagerInterface $objectManager;

    /**
     * @var ServiceInputProcessor
     */
    private ServiceInputProcessor $inputProcessor;

    /**
     * @var ServiceOutputProcessor
     */
    private ServiceOutputProcessor $outputProcessor;

    /**
     * @param Config $config
     * @param ObjectManagerInterface $objectManager
     * @param ServiceInputProcessor $inputProcessor
     * @param ServiceOutputProcessor $outputProcessor
     */
    public function __construct(
        Config $config,
        ObjectManagerInterface $objectManager,
        ServiceInputProcessor $inputProcessor,
        ServiceOutputProcessor $outputProcessor
    ) {
        $this->config = $config;
        $this->objectManager = $objectManager;
        $this->inputProcessor = $inputProcessor;
        $this->outputProcessor = $outputProcessor;
    }

    /**
     * Resolve one published event into its payload.
     *
     * @param string $eventName
     * @param array $arguments the published arguments, by parameter name, or the payload itself
     *        under RESOLVED_OUTPUT alone (events dispatched with their payload built already)
     * @param int $storeId
     * @param string $uuid the event's id (kept for plugins: same on every retry and replay)
     * @return mixed the webapi-shaped output (an array for data objects, a scalar or null otherwise)
     * @throws UnknownEventException when no module declares the event
     * @throws \Exception whatever the service method throws
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function __invoke(string $eventName, array $arguments, int $storeId, string $uuid)
    {
        if (array_keys($arguments) === [self::RESOLVED_OUTPUT]) {
            return $arguments[self::RESOLVED_OUTPUT];
        }
        $event = $this->config->getEvent($eventName);
        if ($event === null) {
            throw new UnknownEventException(
                __('The event "%1" is not declared in any async_events.xml.', $eventName)
            );
        }
        $class = $event['class'];
        $method = $event['method'];
        if (!method_exists($class, $method)) {
            throw new \LogicException(
                sprintf('async_events.xml: %s::%s() for event "%s" does not exist.', $class, $method, $eventName)
            );
        }
        $parameters = $this->inputProcessor->process($class, $method, $arguments);
        // A new instance per event, so that a repository's in-memory cache never serves stale data
        // to a long-running consumer.
        $service = $this->objectManager->create($class);
        $result = $service->{$method}(...array_values($parameters));
        return $this->outputProcessor->process($result, $class, $method);
    }
}
