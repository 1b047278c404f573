<?php
/**
 * Operations on dead letters for the admin page, the CLI and cron: list, retry, erase, export, and
 * the batch retry job.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\DeadLetter;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Phrase;

/**
 * Two lists, as operators know them: `event` (could not be processed: poison message, unknown
 * event, resolver failure) and `delivery` (retries exhausted). Retrying takes the oldest first: an
 * event goes back on the queue, a delivery starts a new chain to its subscription under the same
 * uuid; either way the dead letter leaves the list. The extension does the work
 * (AsyncEvents\DeadLetters; listing is AsyncEvents\Client::deadLetters()); its errors come out as
 * LocalizedException naming what failed.
 *
 * A retry job is an array as the extension returns it: job_id, kind, batch_size, cooldown_seconds,
 * status (running, stopped, finished), retried, total, started, next_batch_at (UTC, with
 * milliseconds).
 */
class DeadLetterManagement
{
    public const KIND_EVENT = 'event';
    public const KIND_DELIVERY = 'delivery';
    public const KINDS = [self::KIND_DELIVERY, self::KIND_EVENT];

    /**
     * Status of a retry job that still has batches to do.
     */
    public const JOB_RUNNING = 'running';

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @param ClientProvider $clientProvider
     */
    public function __construct(ClientProvider $clientProvider)
    {
        $this->clientProvider = $clientProvider;
    }

    /**
     * Get a page of dead letters, newest first.
     *
     * @param string $kind delivery or event
     * @param int $limit
     * @param int $offset
     * @return array{items: array<int, array<string, mixed>>, total_count: int}
     * @throws LocalizedException
     */
    public function getList(string $kind = self::KIND_DELIVERY, int $limit = 50, int $offset = 0): array
    {
        $kind = $this->assertKind($kind);
        return $this->call(
            fn () => $this->clientProvider->getClient()->deadLetters($kind, max(1, $limit), max(0, $offset)),
            __('The dead letters cannot be listed')
        );
    }

    /**
     * Count the dead letters of a kind.
     *
     * @param string $kind
     * @return int
     * @throws LocalizedException
     */
    public function count(string $kind): int
    {
        return (int)$this->getList($kind, 1)['total_count'];
    }

    /**
     * Retry the oldest dead letters of a kind.
     *
     * @param string $kind
     * @param int $count at most this many
     * @return int how many were retried (a delivery dead letter whose subscription was deleted is
     *     dropped from the list without being counted)
     * @throws LocalizedException
     */
    public function retry(string $kind, int $count = 1): int
    {
        $kind = $this->assertKind($kind);
        $this->assertAtLeast($count, 1, __('The number of dead letters to retry must be at least 1.'));
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->retry($kind, $count),
            __('The %1 dead letters cannot be retried', $kind)
        );
    }

    /**
     * Erase every dead letter of a kind, or of both kinds.
     *
     * @param string|null $kind
     * @return int dead letters erased
     * @throws LocalizedException
     */
    public function erase(?string $kind = null): int
    {
        $erased = 0;
        foreach ($kind === null ? self::KINDS : [$this->assertKind($kind)] as $each) {
            $erased += $this->call(
                fn () => $this->clientProvider->getDeadLetters()->erase($each),
                __('The %1 dead letters cannot be erased', $each)
            );
        }
        return $erased;
    }

    /**
     * Write every dead letter of a kind, with all its attributes, to a JSON file (its folder is
     * created when missing).
     *
     * @param string $kind
     * @param string $path
     * @return int dead letters written
     * @throws LocalizedException when the file cannot be written
     */
    public function export(string $kind, string $path): int
    {
        $kind = $this->assertKind($kind);
        $folder = dirname($path);
        if (!is_dir($folder) && !@mkdir($folder, 0770, true) && !is_dir($folder)) {
            throw new LocalizedException(__('The folder %1 for the dead-letter export cannot be created.', $folder));
        }
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->export($kind, $path),
            __('The %1 dead letters cannot be exported to %2', $kind, $path)
        );
    }

    /**
     * Start the batch retry job over a kind (one job at a time). Cron, or the CLI that started it,
     * then advances it with runRetryJob().
     *
     * @param string $kind
     * @param int $batchSize dead letters per batch
     * @param int $cooldownSeconds pause between batches
     * @return array<string, mixed> the job
     * @throws LocalizedException when a job is already running or an argument is refused
     */
    public function startRetryJob(string $kind, int $batchSize, int $cooldownSeconds): array
    {
        $kind = $this->assertKind($kind);
        $this->assertAtLeast($batchSize, 1, __('The batch size must be at least 1.'));
        $this->assertAtLeast($cooldownSeconds, 0, __('The cooldown cannot be negative.'));
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->startRetryJob($kind, $batchSize, $cooldownSeconds),
            __('The retry job cannot be started')
        );
    }

    /**
     * Stop the running retry job.
     *
     * @return array<string, mixed>|null the latest job, or null if there never was one
     * @throws LocalizedException
     */
    public function stopRetryJob(): ?array
    {
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->stopRetryJob(),
            __('The retry job cannot be stopped')
        );
    }

    /**
     * Get the latest retry job, running or not.
     *
     * @return array<string, mixed>|null null if there never was one
     * @throws LocalizedException
     */
    public function getRetryJob(): ?array
    {
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->retryJob(),
            __('The retry job cannot be read')
        );
    }

    /**
     * Advance the running retry job by one batch if its cooldown has passed.
     *
     * @return array<string, mixed>|null the latest job, or null if there never was one
     * @throws LocalizedException
     */
    public function runRetryJob(): ?array
    {
        return $this->call(
            fn () => $this->clientProvider->getDeadLetters()->runRetryJob(),
            __('The retry job cannot go on')
        );
    }

    /**
     * Run an extension call, its errors as LocalizedException "<what failed>: <why>".
     *
     * @param callable $operation
     * @param Phrase $failure what failed
     * @return mixed
     * @throws LocalizedException
     */
    private function call(callable $operation, Phrase $failure)
    {
        try {
            return $operation();
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(__('%1: %2', $failure, $e->getMessage()), $e);
        }
    }

    /**
     * Refuse kinds other than delivery and event.
     *
     * @param string $kind
     * @return string
     * @throws LocalizedException
     */
    private function assertKind(string $kind): string
    {
        if (!in_array($kind, self::KINDS, true)) {
            throw new LocalizedException(__('The dead letter kind "%1" is unknown; use delivery or event.', $kind));
        }
        return $kind;
    }

    /**
     * Refuse a number below a minimum.
     *
     * @param int $value
     * @param int $minimum
     * @param Phrase $message
     * @return void
     * @throws LocalizedException
     */
    private function assertAtLeast(int $value, int $minimum, Phrase $message): void
    {
        if ($value < $minimum) {
            throw new LocalizedException($message);
        }
    }
}
