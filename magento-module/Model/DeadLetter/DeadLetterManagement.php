<?php
/**
 * Operations on dead letters for the admin page and the CLI: list, retry, erase, export.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\DeadLetter;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use MageOS\AsyncEvents\Model\Store\StoreConnection;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Exception\NoSuchEntityException;

/**
 * Two lists, as operators know them: `event` (could not be processed: poison message, unknown
 * event, resolver failure) and `delivery` (retries exhausted). Retrying replays the event (to its
 * subscription, for a delivery) under the same uuid and removes the dead letter.
 */
class DeadLetterManagement
{
    public const KIND_EVENT = 'event';
    public const KIND_DELIVERY = 'delivery';
    public const KINDS = [self::KIND_DELIVERY, self::KIND_EVENT];

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @var StoreConnection
     */
    private StoreConnection $store;

    /**
     * @param ClientProvider $clientProvider
     * @param StoreConnection $store
     */
    public function __construct(ClientProvider $clientProvider, StoreConnection $store)
    {
        $this->clientProvider = $clientProvider;
        $this->store = $store;
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
        try {
            return $this->clientProvider->getClient()->deadLetters($kind, max(1, $limit), max(0, $offset));
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(__('async_events: %1', $e->getMessage()), $e);
        }
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
     * Retry one dead letter, by id.
     *
     * @param int $deadLetterId
     * @return int deliveries (or queue messages) created
     * @throws NoSuchEntityException when there is no such dead letter
     * @throws LocalizedException when the replay fails
     */
    public function retry(int $deadLetterId): int
    {
        $table = $this->store->table('async_event_dead_letter');
        $row = $this->store->fetchAll(
            "SELECT dead_letter_id, kind, uuid, subscription_id FROM $table WHERE dead_letter_id = ?",
            [$deadLetterId]
        )[0] ?? null;
        if (!$row) {
            throw new NoSuchEntityException(__('There is no dead letter %1.', $deadLetterId));
        }
        $subscriptionId = $row['kind'] === self::KIND_DELIVERY && $row['subscription_id'] !== null
            ? (int)$row['subscription_id'] : null;
        try {
            $created = $this->clientProvider->getClient()->replay((string)$row['uuid'], $subscriptionId);
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(
                __('Dead letter %1 (event %2) cannot be retried: %3', $deadLetterId, $row['uuid'], $e->getMessage()),
                $e
            );
        }
        $this->store->execute("DELETE FROM $table WHERE dead_letter_id = ?", [$deadLetterId]);
        return $created;
    }

    /**
     * Retry the oldest dead letters of a kind.
     *
     * @param string $kind
     * @param int|null $limit at most this many; null for all
     * @param callable|null $progress called with (done, total, dead letter id, error message or null)
     * @return array{retried: int, failed: int}
     * @throws LocalizedException
     */
    public function retryOldest(string $kind, ?int $limit = null, ?callable $progress = null): array
    {
        $kind = $this->assertKind($kind);
        $table = $this->store->table('async_event_dead_letter');
        $sql = "SELECT dead_letter_id FROM $table WHERE kind = ? ORDER BY dead_letter_id";
        if ($limit !== null) {
            $sql .= ' LIMIT ' . max(1, $limit);
        }
        $ids = array_map('intval', $this->store->fetchColumn($sql, [$kind]));
        $result = ['retried' => 0, 'failed' => 0];
        foreach ($ids as $n => $id) {
            $error = null;
            try {
                $this->retry($id);
                $result['retried']++;
            } catch (LocalizedException $e) {
                $result['failed']++;
                $error = $e->getMessage();
            }
            if ($progress) {
                $progress($n + 1, count($ids), $id, $error);
            }
        }
        return $result;
    }

    /**
     * Erase every dead letter of a kind, or of both kinds.
     *
     * @param string|null $kind
     * @return int rows erased
     * @throws LocalizedException
     */
    public function erase(?string $kind = null): int
    {
        $table = $this->store->table('async_event_dead_letter');
        if ($kind === null) {
            return $this->store->execute("DELETE FROM $table");
        }
        return $this->store->execute("DELETE FROM $table WHERE kind = ?", [$this->assertKind($kind)]);
    }

    /**
     * Write every dead letter of a kind, with all its attributes, to a JSON file.
     *
     * @param string $kind
     * @param string $path
     * @param callable|null $progress called with (written, total)
     * @return int dead letters written
     * @throws LocalizedException when the file cannot be written
     */
    public function export(string $kind, string $path, ?callable $progress = null): int
    {
        $kind = $this->assertKind($kind);
        $table = $this->store->table('async_event_dead_letter');
        $total = (int)$this->store->fetchOne("SELECT COUNT(*) FROM $table WHERE kind = ?", [$kind]);
        if (!is_dir(dirname($path)) && !mkdir(dirname($path), 0770, true) && !is_dir(dirname($path))) {
            throw new LocalizedException(__('The folder of %1 cannot be created.', $path));
        }
        $file = fopen($path, 'wb');
        if ($file === false) {
            throw new LocalizedException(__('%1 cannot be written.', $path));
        }
        $rows = $this->store->fetchAll("SELECT * FROM $table WHERE kind = ? ORDER BY dead_letter_id", [$kind]);
        $written = 0;
        fwrite($file, "[\n");
        foreach ($rows as $row) {
            $decoded = json_decode((string)$row['body'], true);
            if (json_last_error() === JSON_ERROR_NONE) {
                $row['body'] = $decoded;
            }
            fwrite($file, ($written ? ",\n" : '') . json_encode($row, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
            $written++;
            if ($progress) {
                $progress($written, $total);
            }
        }
        fwrite($file, "\n]\n");
        fclose($file);
        return $written;
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
}
