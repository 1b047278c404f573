<?php
/**
 * Test stand-in of Magento\Framework\AuthorizationInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework;

/**
 * Authorization interface.
 */
interface AuthorizationInterface
{
    /**
     * Check current user permission on resource and privilege
     *
     * @param string $resource
     * @param string $privilege
     * @return boolean
     */
    public function isAllowed($resource, $privilege = null);
}
