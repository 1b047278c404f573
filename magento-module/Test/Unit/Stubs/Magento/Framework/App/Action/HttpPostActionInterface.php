<?php
/**
 * Test stand-in of Magento\Framework\App\Action\HttpPostActionInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Action;

use Magento\Framework\App\ActionInterface;

/**
 * Marker for actions processing POST requests.
 */
interface HttpPostActionInterface extends ActionInterface
{
}
