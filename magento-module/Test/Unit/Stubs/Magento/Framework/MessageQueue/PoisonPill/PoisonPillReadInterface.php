<?php
/**
 * Test stand-in of Magento\Framework\MessageQueue\PoisonPill\PoisonPillReadInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\MessageQueue\PoisonPill;

/**
 * Describes how to get latest version of poison pill.
 */
interface PoisonPillReadInterface
{
    /**
     * @return string
     */
    public function getLatestVersion(): string;
}
