<?php
/**
 * Nightly log retention job (crontab.xml: mageos_asyncevents_cron_cleansubscriberlog).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Cron;

use MageOS\AsyncEvents\Model\Log\LogCleaner;
use Magento\Framework\App\Config\ScopeConfigInterface;
use Psr\Log\LoggerInterface;

/**
 * When system/async_events/subscriber_log_cleanup_cron is on, deletes attempts older than
 * subscriber_log_cron_delete_period days, subscriber_log_cleanup_batch_size rows at a time.
 */
class CleanSubscriberLog
{
    public const XML_PATH_ENABLED = 'system/async_events/subscriber_log_cleanup_cron';
    public const XML_PATH_DAYS = 'system/async_events/subscriber_log_cron_delete_period';
    public const XML_PATH_BATCH_SIZE = 'system/async_events/subscriber_log_cleanup_batch_size';

    /**
     * @var ScopeConfigInterface
     */
    private ScopeConfigInterface $scopeConfig;

    /**
     * @var LogCleaner
     */
    private LogCleaner $logCleaner;

    /**
     * @var LoggerInterface
     */
    private LoggerInterface $logger;

    /**
     * @param ScopeConfigInterface $scopeConfig
     * @param LogCleaner $logCleaner
     * @param LoggerInterface $logger
     */
    public function __construct(ScopeConfigInterface $scopeConfig, LogCleaner $logCleaner, LoggerInterface $logger)
    {
        $this->scopeConfig = $scopeConfig;
        $this->logCleaner = $logCleaner;
        $this->logger = $logger;
    }

    /**
     * Run the cleanup.
     *
     * @return int rows deleted
     */
    public function execute(): int
    {
        if (!$this->scopeConfig->isSetFlag(self::XML_PATH_ENABLED)) {
            return 0;
        }
        $days = (int)$this->scopeConfig->getValue(self::XML_PATH_DAYS);
        if ($days < 1) {
            $this->logger->warning('async_events log cleanup skipped: the lifetime must be at least 1 day');
            return 0;
        }
        $batchSize = max(1, (int)($this->scopeConfig->getValue(self::XML_PATH_BATCH_SIZE) ?: 1000));
        $deleted = $this->logCleaner->deleteOlderThan($days, $batchSize);
        $this->logger->info(sprintf('async_events log cleanup: %d attempts older than %d days deleted', $deleted, $days));
        return $deleted;
    }
}
