<?php
/**
 * Test stand-in of Magento\Backend\App\Action\Context, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\App\Action;

/**
 * Backend Action Context (stand-in: an empty holder).
 */
class Context
{
}
