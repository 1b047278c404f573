<?php
/**
 * ACL decisions held in a list.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\AuthorizationInterface;

/**
 * Allows the listed resources only, and remembers what was asked.
 */
class Authorization implements AuthorizationInterface
{
    /**
     * @var string[]
     */
    public array $allowed;

    /**
     * @var string[]
     */
    public array $asked = [];

    /**
     * @param string[] $allowed
     */
    public function __construct(array $allowed = [])
    {
        $this->allowed = $allowed;
    }

    /**
     * @inheritdoc
     */
    public function isAllowed($resource, $privilege = null)
    {
        $this->asked[] = $resource;
        return in_array($resource, $this->allowed, true);
    }
}
