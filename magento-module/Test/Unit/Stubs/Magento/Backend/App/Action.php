<?php
/**
 * Test stand-in of Magento\Backend\App\Action, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\App;

/**
 * Generic backend controller.
 */
abstract class Action extends \Magento\Backend\App\AbstractAction
{
    /**
     * Authorization level of a basic admin session
     */
    public const ADMIN_RESOURCE = 'Magento_Backend::admin';
}
