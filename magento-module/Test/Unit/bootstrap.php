<?php
/**
 * Bootstrap of the module's unit tests: Magento framework, Symfony Console and cloudevents/sdk-php
 * stand-ins (Test/Unit/Stubs, copying the real signatures) instead of a Magento install, and the async_events extension,
 * loaded with `php -d extension=.../libasync_events.so`.
 */
declare(strict_types=1);

if (!extension_loaded('async_events')) {
    fwrite(STDERR, "The async_events extension is not loaded; run the tests with "
        . "php -d extension=target/release/libasync_events.so \$(command -v phpunit) -c magento-module/phpunit.xml.dist\n");
    exit(1);
}

require __DIR__ . '/Stubs/functions.php';

spl_autoload_register(static function (string $class): void {
    $roots = [
        'MageOS\\AsyncEvents\\' => dirname(__DIR__, 2) . '/',
        'Magento\\' => __DIR__ . '/Stubs/Magento/',
        'Psr\\' => __DIR__ . '/Stubs/Psr/',
        'Symfony\\' => __DIR__ . '/Stubs/Symfony/',
        'CloudEvents\\' => __DIR__ . '/Stubs/CloudEvents/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
