<?php
/**
 * Service contract kept from mageos-async-events 4.x: what a custom notifier returns.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Api\Data;

/**
 * The outcome of one delivery made by a custom notifier (a sink written in PHP).
 *
 * @api
 */
interface ResultInterface
{
    /**
     * Whether the delivery succeeded.
     *
     * @return bool
     */
    public function getIsSuccessful(): bool;

    /**
     * Set whether the delivery succeeded.
     *
     * @param bool $isSuccessful
     * @return void
     */
    public function setIsSuccessful(bool $isSuccessful): void;

    /**
     * Whether a failed delivery may be retried.
     *
     * @return bool
     */
    public function getIsRetryable(): bool;

    /**
     * Set whether a failed delivery may be retried.
     *
     * @param bool $isRetryable
     * @return void
     */
    public function setIsRetryable(bool $isRetryable): void;

    /**
     * Seconds the receiver asked to wait before a retry, if it did.
     *
     * @return int|null
     */
    public function getRetryAfter(): ?int;

    /**
     * Set the seconds to wait before a retry.
     *
     * @param int $retryAfter
     * @return void
     */
    public function setRetryAfter(int $retryAfter): void;
}
