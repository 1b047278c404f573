<?php
/**
 * Opens the async_events extension's client and consumers with Magento's settings.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Extension;

use AsyncEvents\Client;
use AsyncEvents\Consumer;
use AsyncEvents\Exception\AsyncEventsException;
use Magento\Framework\Exception\LocalizedException;

/**
 * One client per PHP process, opened on first use (never while Magento boots, so that
 * bin/magento keeps working when the extension is missing or misconfigured).
 */
class ClientProvider
{
    /**
     * @var ConfigProvider
     */
    private ConfigProvider $configProvider;

    /**
     * @var Client|null
     */
    private $client = null;

    /**
     * @var int|null process that opened $client
     */
    private ?int $clientPid = null;

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
     * Get the process's client.
     *
     * @return Client
     * @throws LocalizedException when the extension is missing or its settings are refused
     */
    public function getClient(): Client
    {
        $pid = getmypid() ?: null;
        if ($this->client === null || $this->clientPid !== $pid) {
            $this->assertLoaded();
            try {
                $this->client = new Client($this->configProvider->getConfig());
            } catch (AsyncEventsException $e) {
                throw new LocalizedException(__('async_events: %1', $e->getMessage()), $e);
            }
            $this->clientPid = $pid;
        }
        return $this->client;
    }

    /**
     * Open a consumer (one per run).
     *
     * @return Consumer
     * @throws LocalizedException when the extension is missing or its settings are refused
     */
    public function createConsumer(): Consumer
    {
        $this->assertLoaded();
        try {
            return new Consumer($this->configProvider->getConfig());
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
