<?php
/**
 * A data-object parameter of the fixture service, built from published arguments.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

/**
 * Filled through setters, as ServiceInputProcessor does.
 */
class CustomerFilter
{
    /**
     * @var string|null
     */
    private ?string $email = null;

    /**
     * @var int|null
     */
    private ?int $websiteId = null;

    /**
     * @return string|null
     */
    public function getEmail(): ?string
    {
        return $this->email;
    }

    /**
     * @param string $email
     * @return void
     */
    public function setEmail(string $email): void
    {
        $this->email = $email;
    }

    /**
     * @return int|null
     */
    public function getWebsiteId(): ?int
    {
        return $this->websiteId;
    }

    /**
     * @param int $websiteId
     * @return void
     */
    public function setWebsiteId(int $websiteId): void
    {
        $this->websiteId = $websiteId;
    }
}
