<?php
/**
 * Test stand-in of Magento\Framework\MessageQueue\PoisonPill\PoisonPillCompareInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\MessageQueue\PoisonPill;

/**
 * Interface describes how to compare given version of poison pill with latest in DB.
 */
interface PoisonPillCompareInterface
{
    /**
     * @param string $poisonPillVersion
     * @return bool
     */
    public function isLatestVersion(string $poisonPillVersion): bool;
}
