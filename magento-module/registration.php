<?php
/**
 * Registers the MageOS_AsyncEvents module with Magento's component registrar.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'MageOS_AsyncEvents', __DIR__);
