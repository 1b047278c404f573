<?php
/**
 * Test-only fixture module of scripts/test-magento: publishes an async event from a real customer save.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'MageOSTest_AsyncEventsFixture', __DIR__);
