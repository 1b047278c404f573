<?php
/**
 * The trace page of one event.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Block\Adminhtml;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Magento\Framework\Exception\LocalizedException;

/**
 * Reads the event's trace from the extension: each subscription's status ("Delivered",
 * "Dead Lettered" ...) and retry count, first and last attempt, every attempt with status, HTTP
 * code, duration and response, and the payload.
 */
class Trace extends Template
{
    /**
     * @var string
     */
    protected $_template = 'MageOS_AsyncEvents::trace.phtml';

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var array<string, mixed>|null
     */
    private ?array $trace = null;

    /**
     * @var string|null
     */
    private ?string $error = null;

    /**
     * @param Context $context
     * @param ClientProvider $clientProvider
     * @param array $data
     */
    public function __construct(Context $context, ClientProvider $clientProvider, array $data = [])
    {
        parent::__construct($context, $data);
        $this->clientProvider = $clientProvider;
    }

    /**
     * Get the event's uuid from the request.
     *
     * @return string
     */
    public function getUuid(): string
    {
        return (string)$this->getRequest()->getParam('uuid');
    }

    /**
     * Get the trace, or null when it cannot be read (see getError()).
     *
     * @return array<string, mixed>|null
     */
    public function getTrace(): ?array
    {
        if ($this->trace === null && $this->error === null) {
            try {
                $this->trace = $this->clientProvider->getClient()->trace($this->getUuid());
            } catch (AsyncEventsException | LocalizedException $e) {
                $this->error = $e->getMessage();
            }
        }
        return $this->trace;
    }

    /**
     * Get why the trace cannot be shown.
     *
     * @return string|null
     */
    public function getError(): ?string
    {
        $this->getTrace();
        return $this->error;
    }

    /**
     * Get the payload, pretty-printed.
     *
     * @return string
     */
    public function getPayloadJson(): string
    {
        $payload = $this->getTrace()['payload'] ?? null;
        return (string)json_encode($payload, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    /**
     * Get the URL of the Replay button.
     *
     * @return string
     */
    public function getReplayUrl(): string
    {
        return $this->getUrl('async_events/events/replay');
    }

    /**
     * Whether the admin user may replay.
     *
     * @return bool
     */
    public function canReplay(): bool
    {
        return $this->_authorization->isAllowed('MageOS_AsyncEvents::async_events_logs_replay');
    }

    /**
     * Get the URL back to the logs.
     *
     * @return string
     */
    public function getBackUrl(): string
    {
        return $this->getUrl('async_events/logs/index');
    }
}
