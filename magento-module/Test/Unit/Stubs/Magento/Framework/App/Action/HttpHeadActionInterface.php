<?php
/**
 * Test stand-in of Magento\Framework\App\Action\HttpHeadActionInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Action;

use Magento\Framework\App\ActionInterface;

/**
 * Marker for actions processing HEAD requests.
 */
interface HttpHeadActionInterface extends ActionInterface
{
}
