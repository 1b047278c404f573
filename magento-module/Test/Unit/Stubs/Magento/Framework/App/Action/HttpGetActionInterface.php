<?php
/**
 * Test stand-in of Magento\Framework\App\Action\HttpGetActionInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Action;

/**
 * Marker for actions processing GET requests.
 */
interface HttpGetActionInterface extends HttpHeadActionInterface
{
}
