<?php
/**
 * Test stand-in of Magento\Framework\App\ResponseInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App;

/**
 * Application response.
 */
interface ResponseInterface
{
    /**
     * @return int|void
     */
    public function sendResponse();
}
