<?php
/**
 * Test stand-in of Magento\Framework\Config\FileResolverInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config file resolver interface.
 */
interface FileResolverInterface
{
    /**
     * @param string $filename
     * @param string $scope
     * @return array
     */
    public function get($filename, $scope);
}
