<?php
/**
 * Lucene-syntax search over every delivery attempt, through the async_events extension.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Search;

use AsyncEvents\Exception\AsyncEventsException;
use AsyncEvents\Exception\ValidationException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Exception\LocalizedException;

/**
 * The module's one door to AsyncEvents\Client::search(), searchExport(), syncSearchIndex() and
 * reindex(): extension errors become LocalizedException (InvalidQueryException for a malformed
 * query), so that callers never see the extension's classes.
 *
 * Results come newest first (by log id) unless asked otherwise, paged without a cap.
 */
class LogSearch
{
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
     * Get one page of the attempts matching a query and the number of matches.
     *
     * @param string $query Lucene syntax, such as `event_name:customer.* AND success:false`
     * @param int $limit attempts on the page (0: only the count)
     * @param int $offset matches skipped before the page
     * @param bool $oldestFirst
     * @return array{items: array<int, array<string, mixed>>, total_count: int} attempt log rows as the extension returns them
     * @throws InvalidQueryException for a malformed query, with the extension's message
     * @throws LocalizedException when the extension is missing or the store or index fails
     */
    public function search(string $query, int $limit = 20, int $offset = 0, bool $oldestFirst = false): array
    {
        if ($limit < 0 || $offset < 0) {
            throw new LocalizedException(__('The limit and the offset must not be negative.'));
        }
        $client = $this->clientProvider->getClient();
        $result = $this->call(static fn () => $client->search($query, $limit, $offset, self::order($oldestFirst)));
        return ['items' => array_values($result['items'] ?? []), 'total_count' => (int)($result['total_count'] ?? 0)];
    }

    /**
     * Write every attempt matching a query to a CSV file (streamed by the extension: a header line,
     * then one line per attempt with its payload).
     *
     * @param string $query
     * @param string $path the file to write (replaced if it exists)
     * @param bool $oldestFirst
     * @return int attempts written
     * @throws InvalidQueryException for a malformed query (no file is left behind)
     * @throws LocalizedException when the file cannot be written
     */
    public function export(string $query, string $path, bool $oldestFirst = false): int
    {
        $client = $this->clientProvider->getClient();
        return (int)$this->call(static fn () => $client->searchExport($query, $path, self::order($oldestFirst)));
    }

    /**
     * Add the attempts logged since the last sync to the index and remove those deleted from the
     * log (nothing with indexing off).
     *
     * @return array{added: int, removed: int}
     * @throws LocalizedException
     */
    public function sync(): array
    {
        $client = $this->clientProvider->getClient();
        $report = $this->call(static fn () => $client->syncSearchIndex());
        return ['added' => (int)($report['added'] ?? 0), 'removed' => (int)($report['removed'] ?? 0)];
    }

    /**
     * Rebuild the index from the whole attempt log.
     *
     * @param callable|null $progress called as $progress(int $indexed, int $total) while it runs
     * @return int attempts in the index
     * @throws LocalizedException with indexing off, or while another process writes the index
     */
    public function reindex(?callable $progress = null): int
    {
        $client = $this->clientProvider->getClient();
        return (int)$this->call(static fn () => $client->reindex($progress));
    }

    /**
     * An attempt as the Logs grid shows it (the columns of LogReader, without the payload).
     *
     * @param array<string, mixed> $attempt a row of search()
     * @return array<string, mixed>
     */
    public static function toGridRow(array $attempt): array
    {
        $row = $attempt;
        $row['trigger_kind'] = $attempt['trigger'] ?? null;
        $row['success'] = empty($attempt['success']) ? 0 : 1;
        unset($row['trigger'], $row['payload']);
        return $row;
    }

    /**
     * The extension's name of a sort order.
     *
     * @param bool $oldestFirst
     * @return string
     */
    private static function order(bool $oldestFirst): string
    {
        return $oldestFirst ? 'oldest' : 'newest';
    }

    /**
     * Run an extension call, turning its exceptions into the module's.
     *
     * @param callable $call
     * @return mixed what the call returns
     * @throws LocalizedException
     */
    private function call(callable $call)
    {
        try {
            return $call();
        } catch (ValidationException $e) {
            throw new InvalidQueryException(__('%1', $e->getMessage()), $e);
        } catch (AsyncEventsException $e) {
            throw new LocalizedException(__('async_events: %1', $e->getMessage()), $e);
        }
    }
}
