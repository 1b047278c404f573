<?php
/**
 * Publishes asynchronous events through the async_events extension, or through the transactional
 * outbox inside a database transaction.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Api\AsyncEventPublisherInterface;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Extension\ConnectionDsn;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Exception\LocalizedException;

/**
 * Same call as mageos-async-events: `publish('sales.order.created', ['id' => $orderId], $storeId)`.
 *
 * Outside a transaction the event goes to the queue at once: it is durable when this returns (SQL
 * queue), or once the broker confirms it (RabbitMQ: at the latest at the end of the request).
 *
 * Inside a transaction of Magento's default connection (an observer of a save, say) the event's
 * queue message, built and checked by the extension as it would be queued, is written into the
 * outbox table (`async_event_outbox`) through that connection: a roll-back takes it away with the
 * saved data, and a commit makes it durable with them. Trigger consumers then move committed rows
 * to the queue (every 100 ms while idle). env.php `async_events/transactional_publish => false`
 * turns this off: events then go to the queue at once, transaction or not.
 */
class AsyncEventPublisher implements AsyncEventPublisherInterface
{
    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var ResourceConnection
     */
    private ResourceConnection $resourceConnection;

    /**
     * @var ConnectionDsn
     */
    private ConnectionDsn $connectionDsn;

    /**
     * @param ClientProvider $clientProvider
     * @param ResourceConnection $resourceConnection Magento's connections: the default one's transaction
     * @param ConnectionDsn $connectionDsn whether transactional publishing is on
     */
    public function __construct(
        ClientProvider $clientProvider,
        ResourceConnection $resourceConnection,
        ConnectionDsn $connectionDsn
    ) {
        $this->clientProvider = $clientProvider;
        $this->resourceConnection = $resourceConnection;
        $this->connectionDsn = $connectionDsn;
    }

    /**
     * Publish an asynchronous event.
     *
     * @param string $eventName the name declared in async_events.xml, for example sales.order.created
     * @param mixed[] $data the service method's arguments, by parameter name (null, scalars and arrays)
     * @param int $storeId the store the event belongs to; 0 means every store
     * @param array{correlation_id?: string, traceparent?: string, priority?: int} $options ours, beyond
     *        the reference's call: `correlation_id` ties the events of one business operation together
     *        (the event uuid when absent), `traceparent` is the W3C trace context of the publishing
     *        request; receivers get both (CloudEvent attributes `correlationid` and `traceparent`, and
     *        the `traceparent` header), the log keeps them with each attempt, searches find them.
     * @return void
     * @throws LocalizedException when the event cannot be published
     */
    public function publish(string $eventName, array $data, int $storeId = 0, array $options = []): void
    {
        $options = $options === [] ? null : $options;
        try {
            $client = $this->clientProvider->getClient();
            $connection = $this->connectionDsn->getOutboxDsn() !== null
                ? $this->resourceConnection->getConnection()
                : null;
            if ($connection === null || $connection->getTransactionLevel() < 1) {
                $client->publish($eventName, $data, $storeId, $options);
                return;
            }
            $message = $client->outboxMessage($eventName, $data, $storeId, $options)['message'];
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(
                __('The asynchronous event "%1" could not be published: %2', $eventName, $e->getMessage()),
                $e
            );
        }
        try {
            $connection->insert(
                $this->resourceConnection->getTableName(ConnectionDsn::OUTBOX_TABLE),
                ['message' => $message]
            );
        } catch (\Exception $e) {
            throw new LocalizedException(
                __('The asynchronous event "%1" could not be written to the outbox: %2', $eventName, $e->getMessage()),
                $e
            );
        }
    }
}
