<?php
/**
 * Search index upkeep (crontab.xml: mageos_asyncevents_cron_syncsearchindex).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Cron;

use MageOS\AsyncEvents\Model\Search\LogSearch;
use Magento\Framework\Exception\LocalizedException;
use Psr\Log\LoggerInterface;

/**
 * Brings the search index up to date: adds the attempts logged since the last sync (each search
 * does that too) and removes those the log no longer has (deleted by the log cleanup or with their
 * subscription), which searches alone would go on finding. With indexing off (admin or env.php)
 * the extension does nothing.
 */
class SyncSearchIndex
{
    /**
     * @var LogSearch
     */
    private LogSearch $logSearch;

    /**
     * @var LoggerInterface
     */
    private LoggerInterface $logger;

    /**
     * @param LogSearch $logSearch
     * @param LoggerInterface $logger
     */
    public function __construct(LogSearch $logSearch, LoggerInterface $logger)
    {
        $this->logSearch = $logSearch;
        $this->logger = $logger;
    }

    /**
     * Run the sync.
     *
     * @return array{added: int, removed: int}
     */
    public function execute(): array
    {
        try {
            $report = $this->logSearch->sync();
        } catch (LocalizedException $e) {
            $this->logger->error('async_events search index sync failed: ' . $e->getMessage());
            return ['added' => 0, 'removed' => 0];
        }
        if ($report['added'] || $report['removed']) {
            $this->logger->info(sprintf(
                'async_events search index synced: %d attempts added, %d removed',
                $report['added'],
                $report['removed']
            ));
        }
        return $report;
    }
}
