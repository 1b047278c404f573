<?php
/**
 * Runs the extension's engine as a Magento message queue consumer.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Consumer;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\MessageQueue\ConsumerConfigurationInterface;
use Magento\Framework\MessageQueue\ConsumerInterface;
use Magento\Framework\MessageQueue\PoisonPill\PoisonPillCompareInterface;
use Magento\Framework\MessageQueue\PoisonPill\PoisonPillReadInterface;
use Psr\Log\LoggerInterface;

/**
 * The consumerInstance of queue_consumer.xml. `bin/magento queue:consumers:start NAME` builds it
 * with `configuration` and `batchSize` and calls process() with `--max-messages` as given on the
 * command line (a string, or null).
 *
 * The engine runs in rounds so that the consumer can look at Magento's poison pill between them
 * (set by setup:upgrade and config changes) and stop, as Magento's own consumers do, to be
 * restarted on the new code. SIGTERM and SIGINT stop a round gracefully: in-flight deliveries are
 * finished and recorded first.
 */
abstract class EngineConsumer implements ConsumerInterface
{
    /**
     * Most messages of one round, so that the poison pill is looked at regularly under load.
     */
    public const ROUND_MESSAGES = 10000;

    /**
     * Seconds without work after which a round ends (and the poison pill is looked at).
     */
    public const ROUND_IDLE_SECONDS = 10.0;

    /**
     * @var ConsumerConfigurationInterface
     */
    protected ConsumerConfigurationInterface $configuration;

    /**
     * @var ClientProvider
     */
    protected ClientProvider $clientProvider;

    /**
     * @var PoisonPillReadInterface
     */
    private PoisonPillReadInterface $poisonPillRead;

    /**
     * @var PoisonPillCompareInterface
     */
    private PoisonPillCompareInterface $poisonPillCompare;

    /**
     * @var LoggerInterface
     */
    protected LoggerInterface $logger;

    /**
     * @var NotifierBridge|null serves subscriptions of custom sinks (PHP notifiers)
     */
    private ?NotifierBridge $notifierBridge;

    /**
     * @var int
     */
    private int $batchSize;

    /**
     * @var array<string, mixed> counters of the last process() call
     */
    private array $lastStats = [];

    /**
     * @param ConsumerConfigurationInterface $configuration
     * @param ClientProvider $clientProvider
     * @param PoisonPillReadInterface $poisonPillRead
     * @param PoisonPillCompareInterface $poisonPillCompare
     * @param LoggerInterface $logger
     * @param NotifierBridge|null $notifierBridge without it, deliveries to custom sinks fail and are retried
     * @param int|string $batchSize `--batch-size`; 0 keeps the engine's default
     */
    public function __construct(
        ConsumerConfigurationInterface $configuration,
        ClientProvider $clientProvider,
        PoisonPillReadInterface $poisonPillRead,
        PoisonPillCompareInterface $poisonPillCompare,
        LoggerInterface $logger,
        ?NotifierBridge $notifierBridge = null,
        $batchSize = 0
    ) {
        $this->configuration = $configuration;
        $this->clientProvider = $clientProvider;
        $this->poisonPillRead = $poisonPillRead;
        $this->poisonPillCompare = $poisonPillCompare;
        $this->logger = $logger;
        $this->notifierBridge = $notifierBridge;
        $this->batchSize = max(0, (int)$batchSize);
    }

    /**
     * The resolver to run the engine with: a callable for published events, null for retries only.
     *
     * @return callable|null
     */
    abstract protected function getResolver(): ?callable;

    /**
     * The counter that `--max-messages` limits in this consumer's stats.
     *
     * @return string
     */
    abstract protected function getCountedStat(): string;

    /**
     * Consume until `--max-messages`, a signal, the poison pill or the configured idle time.
     *
     * @param int|string|null $maxNumberOfMessages the raw `--max-messages` option
     * @return void
     * @throws LocalizedException when the option is not a number or the engine cannot run
     */
    public function process($maxNumberOfMessages = null)
    {
        $max = self::parseMaxMessages($maxNumberOfMessages);
        if ($max === null) {
            $max = self::parseMaxMessages($this->configuration->getMaxMessages());
        }
        $idleLimit = $this->getConfiguredIdleSeconds();
        $pill = $this->poisonPillRead->getLatestVersion();
        $consumer = $this->clientProvider->createConsumer();
        $resolver = $this->getResolver();
        $counted = $this->getCountedStat();
        $total = ['messages' => 0, 'events_dead_lettered' => 0, 'attempts' => 0, 'delivered' => 0,
            'retries_scheduled' => 0, 'deliveries_dead_lettered' => 0, 'rounds' => 0, 'stop_reason' => ''];
        do {
            $options = $this->buildRunOptions($max === null ? null : $max - $total[$counted], $idleLimit);
            try {
                $stats = $consumer->run($resolver, $options, $this->notifierBridge);
            } catch (AsyncEventsException $e) {
                throw new LocalizedException(
                    __('Consumer %1 failed: %2', $this->configuration->getConsumerName(), $e->getMessage()),
                    $e
                );
            }
            foreach ($total as $key => $value) {
                if (is_int($value) && isset($stats[$key])) {
                    $total[$key] += (int)$stats[$key];
                }
            }
            $total['rounds']++;
            $total['stop_reason'] = (string)($stats['stop_reason'] ?? '');
            $done = $this->isFinished($total['stop_reason'], $max, $total[$counted], $idleLimit);
            if (!$done && !$this->poisonPillCompare->isLatestVersion($pill)) {
                $total['stop_reason'] = 'poison_pill';
                $done = true;
            }
        } while (!$done);
        $this->lastStats = $total;
        $this->logger->info(
            sprintf('Consumer %s stopped (%s)', $this->configuration->getConsumerName(), $total['stop_reason']),
            $total
        );
    }

    /**
     * Get the counters of the last process() call, summed over its rounds.
     *
     * @return array<string, mixed>
     */
    public function getLastStats(): array
    {
        return $this->lastStats;
    }

    /**
     * Turn `--max-messages` (or queue_consumer.xml's maxMessages) into a limit; null means none.
     *
     * @param mixed $value a positive integer, its text form, null or ''
     * @return int|null
     * @throws LocalizedException when the value is not a positive integer
     */
    public static function parseMaxMessages($value): ?int
    {
        if ($value === null || $value === '' || $value === false) {
            return null;
        }
        if (is_int($value) || (is_string($value) && preg_match('/^\s*\d+\s*$/', $value))) {
            $number = (int)$value;
            if ($number > 0) {
                return $number;
            }
            if ($number === 0) {
                return null;
            }
        }
        throw new LocalizedException(
            __('--max-messages must be a positive whole number, got "%1".', is_scalar($value) ? $value : gettype($value))
        );
    }

    /**
     * Options of one engine round.
     *
     * @param int|null $remaining messages left before `--max-messages`, null for no limit
     * @param float|null $idleLimit seconds without work after which the consumer stops
     * @return array<string, mixed>
     */
    public function buildRunOptions(?int $remaining, ?float $idleLimit): array
    {
        $options = [
            'max_messages' => $remaining === null ? self::ROUND_MESSAGES : min($remaining, self::ROUND_MESSAGES),
            'idle_timeout' => $idleLimit ?? self::ROUND_IDLE_SECONDS,
        ];
        if ($this->batchSize > 0) {
            $options['batch_size'] = $this->batchSize;
        }
        return $options;
    }

    /**
     * Whether the consumer stops after a round that ended for $reason.
     *
     * @param string $reason
     * @param int|null $max
     * @param int $counted
     * @param float|null $idleLimit
     * @return bool
     */
    private function isFinished(string $reason, ?int $max, int $counted, ?float $idleLimit): bool
    {
        if ($reason === 'stopped' || $reason === 'drained') {
            return true;
        }
        if ($max !== null && $counted >= $max) {
            return true;
        }
        // With maxIdleTime a round's idle timeout is that time, and reaching it ends the consumer.
        return $reason === 'idle_timeout' && $idleLimit !== null;
    }

    /**
     * queue_consumer.xml's maxIdleTime, when the framework version exposes it.
     *
     * @return float|null
     */
    private function getConfiguredIdleSeconds(): ?float
    {
        if (!method_exists($this->configuration, 'getMaxIdleTime')) {
            return null;
        }
        $idle = $this->configuration->getMaxIdleTime();
        return is_numeric($idle) && (float)$idle > 0 ? (float)$idle : null;
    }
}
