<?php
/**
 * Test stand-in of Magento\Framework\Module\Dir, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Module;

/**
 * Encapsulates directories structure of a Magento module.
 */
class Dir
{
    public const MODULE_ETC_DIR = 'etc';
    public const MODULE_I18N_DIR = 'i18n';
    public const MODULE_VIEW_DIR = 'view';
    public const MODULE_CONTROLLER_DIR = 'Controller';
    public const MODULE_SETUP_DIR = 'Setup';
}
