<?php
/**
 * Contract of the notifier registry (kept from mageos-async-events 4.x).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Service\AsyncEvent;

/**
 * Gives the notifier registered for a subscription's `metadata`.
 *
 * @api
 */
interface NotifierFactoryInterface
{
    /**
     * Get the notifier of a sink.
     *
     * @param string $type the subscription's metadata
     * @return NotifierInterface
     * @throws \Magento\Framework\Exception\LocalizedException when no notifier serves it
     */
    public function create(string $type): NotifierInterface;
}
