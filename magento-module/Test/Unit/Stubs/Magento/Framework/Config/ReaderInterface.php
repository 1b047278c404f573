<?php
/**
 * Test stand-in of Magento\Framework\Config\ReaderInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config reader interface.
 */
interface ReaderInterface
{
    /**
     * @param string|null $scope
     * @return array
     */
    public function read($scope = null);
}
