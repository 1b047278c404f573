<?php

declare(strict_types=1);

/**
 * Bootstrap of the extension's PHP tests: they drive the built extension, loaded with
 * `php -d extension=...` by scripts/test.
 */

if (!extension_loaded('async_events')) {
    fwrite(STDERR, "The async_events extension is not loaded; run the tests with php -d extension=target/<profile>/libasync_events.so\n");
    exit(1);
}

require __DIR__ . '/support/Receiver.php';
require __DIR__ . '/support/TestCase.php';
