<?php
/**
 * Magento's poison pill version, changed by tests.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\MessageQueue\PoisonPill\PoisonPillCompareInterface;
use Magento\Framework\MessageQueue\PoisonPill\PoisonPillReadInterface;

/**
 * Reads and compares one version string; can change it after a number of comparisons.
 */
class PoisonPill implements PoisonPillReadInterface, PoisonPillCompareInterface
{
    /**
     * @var string
     */
    public string $version = 'v1';

    /**
     * @var int
     */
    public int $comparisons = 0;

    /**
     * @var int|null change the version at this comparison
     */
    public ?int $changeAt = null;

    /**
     * @inheritdoc
     */
    public function getLatestVersion(): string
    {
        return $this->version;
    }

    /**
     * @inheritdoc
     */
    public function isLatestVersion(string $poisonPillVersion): bool
    {
        $this->comparisons++;
        if ($this->changeAt !== null && $this->comparisons >= $this->changeAt) {
            $this->version = 'v2';
        }
        return $poisonPillVersion === $this->version;
    }
}
