<?php
/**
 * Test stand-in of Magento\Framework\UrlInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework;

/**
 * URL builder (stand-in: getUrl() only).
 */
interface UrlInterface
{
    /**
     * @param string|null $routePath
     * @param array|null $routeParams
     * @return string
     */
    public function getUrl($routePath = null, $routeParams = null);
}
