<?php
/**
 * Opens the async_events extension's client, dead-letter operations and consumers with Magento's settings.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Extension;

use AsyncEvents\Client;
use AsyncEvents\Consumer;
use AsyncEvents\DeadLetters;
use AsyncEvents\Exception\AsyncEventsException;
use Magento\Framework\Exception\LocalizedException;

/**
 * One client and one dead-letter handle per PHP process, opened on first use (never while Magento
 * boots, so that bin/magento keeps working when the extension is missing or misconfigured).
 */
class ClientProvider
{
    /**
     * @var ConfigProvider
     */
    private ConfigProvider $configProvider;

    /**
     * @var array<class-string, array{0: object, 1: int|null}> shared objects with the process that opened them
     */
    private array $opened = [];

    /**
     * @param ConfigProvider $configProvider
     */
    public function __construct(ConfigProvider $configProvider)
    {
        $this->configProvider = $configProvider;
    }

    /**
     * Whether the extension is loaded in this PHP.
     *
     * @return bool
     */
    public function isExtensionLoaded(): bool
    {
        return extension_loaded('async_events') && class_exists(Client::class, false);
    }

    /**
     * Get the extension's version, or null when it is not loaded.
     *
     * @return string|null
     */
    public function getExtensionVersion(): ?string
    {
        if (!extension_loaded('async_events')) {
            return null;
        }
        $version = phpversion('async_events');
        return $version === false ? null : $version;
    }

    /**
     * Get the settings the extension is opened with.
     *
     * @return array<string, mixed>
     * @throws LocalizedException when env.php names no store
     */
    public function getSettings(): array
    {
        return $this->configProvider->getConfig();
    }

    /**
     * Get the process's client.
     *
     * @return Client
     * @throws LocalizedException when the extension is missing or its settings are refused
     */
    public function getClient(): Client
    {
        return $this->shared(Client::class);
    }

    /**
     * Get the process's dead-letter operations (retry, erase, export, the retry job).
     *
     * @return DeadLetters
     * @throws LocalizedException when the extension is missing or its settings are refused
     */
    public function getDeadLetters(): DeadLetters
    {
        return $this->shared(DeadLetters::class);
    }

    /**
     * Open a consumer (one per run).
     *
     * @return Consumer
     * @throws LocalizedException when the extension is missing or its settings are refused
     */
    public function createConsumer(): Consumer
    {
        return $this->open(Consumer::class);
    }

    /**
     * The process's instance of an extension class, opened again in a forked child.
     *
     * @param class-string $class
     * @return object
     * @throws LocalizedException
     */
    private function shared(string $class): object
    {
        $pid = getmypid() ?: null;
        if (!isset($this->opened[$class]) || $this->opened[$class][1] !== $pid) {
            $this->opened[$class] = [$this->open($class), $pid];
        }
        return $this->opened[$class][0];
    }

    /**
     * Create an extension object over Magento's settings.
     *
     * @param class-string $class Client, DeadLetters or Consumer
     * @return object
     * @throws LocalizedException
     */
    private function open(string $class): object
    {
        $this->assertLoaded();
        try {
            return new $class($this->configProvider->getConfig());
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(__('async_events: %1', $e->getMessage()), $e);
        }
    }

    /**
     * Fail with a clear message when the extension is not loaded.
     *
     * @return void
     * @throws LocalizedException
     */
    private function assertLoaded(): void
    {
        if (!$this->isExtensionLoaded()) {
            throw new LocalizedException(__(
                'The PHP extension async_events is not loaded in this PHP (%1). Build it and enable it '
                . 'with extension=async_events.so in php.ini; see the README of MageOS_AsyncEvents.',
                PHP_BINARY
            ));
        }
    }
}
