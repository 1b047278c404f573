<?php
/**
 * The module's admin settings, read as mageos-async-events 4.x's Helper\Config read them.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Helper;

use MageOS\AsyncEvents\Cron\CleanSubscriberLog;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use Magento\Framework\App\Config\ScopeConfigInterface;

/**
 * The values of Stores > Configuration > Advanced > System > Asynchronous Events in the default
 * scope. env.php's `async_events` section may override max_deaths and indexing_enabled for the
 * extension (see the README); this class reads what the admin says, as the reference did.
 */
class Config
{
    /**
     * @param ScopeConfigInterface $scopeConfig
     */
    public function __construct(private readonly ScopeConfigInterface $scopeConfig)
    {
    }

    /**
     * Get whether attempts are indexed for search.
     *
     * @return bool
     */
    public function isIndexingEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag(ConfigProvider::XML_PATH_INDEXING_ENABLED);
    }

    /**
     * Get whether the cron job deletes old attempts.
     *
     * @return bool
     */
    public function isCleanUpCronEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag(CleanSubscriberLog::XML_PATH_ENABLED);
    }

    /**
     * Get after how many days the cron job deletes attempts.
     *
     * @return int
     */
    public function getCleanUpCronDeletePeriod(): int
    {
        return (int)$this->scopeConfig->getValue(CleanSubscriberLog::XML_PATH_DAYS);
    }

    /**
     * Get how many failed attempts a delivery may have before it is dead-lettered.
     *
     * @return int
     */
    public function getMaximumDeaths(): int
    {
        return (int)$this->scopeConfig->getValue(ConfigProvider::XML_PATH_MAX_DEATHS);
    }
}
