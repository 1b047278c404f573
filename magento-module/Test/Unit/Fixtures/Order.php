<?php
/**
 * A data object returned by the fixture service.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

/**
 * Read through getters, as ServiceOutputProcessor does.
 */
class Order
{
    /**
     * @var int
     */
    private int $entityId;

    /**
     * @var string
     */
    private string $incrementId;

    /**
     * @var string[]
     */
    private array $skus;

    /**
     * @param int $entityId
     * @param string $incrementId
     * @param string[] $skus
     */
    public function __construct(int $entityId, string $incrementId, array $skus)
    {
        $this->entityId = $entityId;
        $this->incrementId = $incrementId;
        $this->skus = $skus;
    }

    /**
     * @return int
     */
    public function getEntityId(): int
    {
        return $this->entityId;
    }

    /**
     * @return string
     */
    public function getIncrementId(): string
    {
        return $this->incrementId;
    }

    /**
     * @return string[]
     */
    public function getItemSkus(): array
    {
        return $this->skus;
    }
}
