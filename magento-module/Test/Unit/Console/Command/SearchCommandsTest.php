<?php
/**
 * Tests of bin/magento async-events:search and async-events:reindex.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Console\Command;

use MageOS\AsyncEvents\Console\Command\ReindexCommand;
use MageOS\AsyncEvents\Console\Command\SearchCommand;
use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Model\Search\LogSearch;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\ArrayInput;
use Symfony\Component\Console\Output\BufferedOutput;

/**
 * The commands as an operator runs them, over attempts recorded by a real consumer run: the
 * table, paging and total of a search, its error for a malformed query, the CSV export, and the
 * reindex's progress.
 */
class SearchCommandsTest extends TestCase
{
    /**
     * @var Receiver
     */
    private Receiver $receiver;

    /**
     * @var string what the last command wrote
     */
    private string $output = '';

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $this->receiver = new Receiver();
    }

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->receiver->stop();
        parent::tearDown();
    }

    /**
     * Run a command non-interactively.
     *
     * @param Command $command
     * @param array<string, mixed> $parameters
     * @return int exit code
     */
    private function runCommand(Command $command, array $parameters = []): int
    {
        $input = new ArrayInput($parameters);
        $input->setInteractive(false);
        $output = new BufferedOutput();
        $code = $command->run($input, $output);
        $this->output = $output->fetch();
        return $code;
    }

    /**
     * @return SearchCommand
     */
    private function searchCommand(): SearchCommand
    {
        return new SearchCommand(new LogSearch($this->clientProvider()));
    }

    /**
     * @return ReindexCommand
     */
    private function reindexCommand(): ReindexCommand
    {
        return new ReindexCommand(new LogSearch($this->clientProvider()));
    }

    /**
     * The attempt log through SQL, as the table should show it.
     *
     * @param array<int, array{0: string, 1: string, 2: mixed}> $filters
     * @param string $direction
     * @return array<int, array<string, mixed>>
     */
    private function logRows(array $filters = [], string $direction = 'DESC'): array
    {
        return (new LogReader($this->store()))->getPage($filters, 'log_id', $direction, 1000)['items'];
    }

    /**
     * A table line of an attempt, cells padded to the widths of the search's columns.
     *
     * @param array<string, mixed> $row
     * @param int[] $widths
     * @return string
     */
    private static function tableLine(array $row, array $widths): string
    {
        return self::line([
            (string)$row['log_id'], (string)$row['uuid'], (string)$row['event_name'], (string)$row['subscription_id'],
            $row['success'] ? 'yes' : 'no', $row['http_status'] === null ? '-' : (string)$row['http_status'], (string)$row['created'],
        ], $widths);
    }

    /**
     * A table line of cells padded to their widths.
     *
     * @param string[] $cells
     * @param int[] $widths
     * @return string
     */
    private static function line(array $cells, array $widths): string
    {
        $line = '|';
        foreach ($cells as $i => $cell) {
            $line .= ' ' . str_pad($cell, $widths[$i]) . ' |';
        }
        return $line;
    }

    /**
     * The commands keep their names and options.
     */
    public function testTheCommandsKeepTheirNamesAndOptions(): void
    {
        $search = $this->searchCommand();
        self::assertSame('async-events:search', $search->getName());
        self::assertSame(['limit', 'offset', 'oldest-first', 'csv'], array_keys($search->getDefinition()->getOptions()));
        self::assertTrue($search->getDefinition()->getArgument('query')->isRequired());
        self::assertTrue($search->getDefinition()->getArgument('query')->isArray());
        $reindex = $this->reindexCommand();
        self::assertSame('async-events:reindex', $reindex->getName());
        self::assertSame(['sync'], array_keys($reindex->getDefinition()->getOptions()));
    }

    /**
     * A search prints a table of the page, newest first, with the total and the next page.
     */
    public function testASearchPrintsATableOfTheNewestMatchesAndTheTotal(): void
    {
        $this->recordAttempts($this->receiver, 3, 4);
        $failures = $this->logRows([['success', 'eq', 0]]);
        self::assertCount(4, $failures);

        $code = $this->runCommand($this->searchCommand(), ['query' => ['event_name:test.customer.*', 'AND', 'success:false'], '--limit' => '3']);
        self::assertSame(0, $code, $this->output);
        $lines = explode("\n", rtrim($this->output, "\n"));
        $widths = array_map(
            static fn (string $cell) => strlen($cell) - 2,
            array_slice(explode('|', $lines[1]), 1, 7)
        );
        $border = '+' . implode('+', array_map(static fn (int $w) => str_repeat('-', $w + 2), $widths)) . '+';
        self::assertSame([
            $border,
            self::line(['Log ID', 'UUID', 'Event', 'Subscription', 'Success', 'HTTP', 'Created (UTC)'], $widths),
            $border,
            self::tableLine($failures[0], $widths),
            self::tableLine($failures[1], $widths),
            self::tableLine($failures[2], $widths),
            $border,
            '1-3 of 4 match(es), newest first.',
            'Next page: --offset=3',
        ], $lines);
        self::assertStringContainsString('| no      | 500  |', $lines[3]);
        self::assertSame(36, $widths[1], 'a whole uuid');

        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['success:false'], '--limit' => '3', '--offset' => '3']));
        self::assertStringContainsString(self::tableLine($failures[3], $widths), $this->output);
        self::assertStringEndsWith("+\n4-4 of 4 match(es), newest first.\n", $this->output);
    }

    /**
     * --oldest-first, the default page of 20 (no cap of 100 either way), and --limit 0 for the count.
     */
    public function testOldestFirstTheDefaultPageAndTheCountOnly(): void
    {
        $this->recordAttempts($this->receiver, 25, 0);
        $oldest = $this->logRows([], 'ASC');

        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['data.data.increment_id:00000000*'], '--oldest-first' => true]));
        $lines = explode("\n", rtrim($this->output, "\n"));
        self::assertCount(20 + 4 + 2, $lines);
        self::assertStringStartsWith('| ' . $oldest[0]['log_id'] . ' ', $lines[3]);
        self::assertStringStartsWith('| ' . $oldest[19]['log_id'] . ' ', $lines[22]);
        self::assertSame(['1-20 of 25 match(es), oldest first.', 'Next page: --offset=20'], array_slice($lines, -2));

        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '-l' => '0']));
        self::assertSame("25 match(es).\n", $this->output);
        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '-o' => '30']));
        self::assertSame("25 match(es); none from offset 30.\n", $this->output);
        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['event_name:nothing']]));
        self::assertSame("0 match(es).\n", $this->output);
    }

    /**
     * A malformed query prints the extension's message with the caret under the position, and fails.
     */
    public function testAMalformedQueryPrintsTheExtensionsMessageAndFails(): void
    {
        $this->recordAttempts($this->receiver, 1, 0);
        self::assertSame(1, $this->runCommand($this->searchCommand(), ['query' => ['event_name:(a OR b']]));
        self::assertSame(
            "invalid search query: unbalanced parentheses: the `(` at position 11 is never closed\n"
            . "event_name:(a OR b\n"
            . "           ^\n",
            $this->output
        );

        self::assertSame(1, $this->runCommand($this->searchCommand(), ['query' => ['<b>:']]));
        self::assertStringContainsString("\n<b>:\n", $this->output, 'the query is printed as typed, never read as a style tag');

        self::assertSame(1, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '--limit' => '-1']));
        self::assertSame("--limit must be a whole number, not \"-1\".\n", $this->output);
    }

    /**
     * --csv writes every match with its payload; it does not take --limit; a bad query writes nothing.
     */
    public function testCsvWritesEveryMatch(): void
    {
        $this->recordAttempts($this->receiver, 3, 2);
        $file = $this->dir . '/orders.csv';

        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['event_name:test.order.created'], '--csv' => $file]));
        self::assertSame("3 attempt(s) written to $file (newest first).\n", $this->output);
        $lines = array_map(static fn (string $line) => str_getcsv($line, ',', '"', ''), file($file, FILE_IGNORE_NEW_LINES));
        self::assertSame(['log_id', 'uuid', 'event_name'], array_slice($lines[0], 0, 3));
        self::assertSame(
            array_map('strval', array_column($this->logRows([['event_name', 'eq', 'test.order.created']]), 'log_id')),
            array_column(array_slice($lines, 1), 0)
        );
        $payload = json_decode(end($lines[1]), true);
        self::assertSame(['entity_id', 'increment_id', 'item_skus'], array_keys($payload));

        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '--csv' => $file, '--oldest-first' => true]));
        self::assertSame("5 attempt(s) written to $file (oldest first).\n", $this->output);

        self::assertSame(1, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '--csv' => $file, '--limit' => '2']));
        self::assertSame("--csv writes every match; --limit and --offset do not apply to it.\n", $this->output);

        unlink($file);
        self::assertSame(1, $this->runCommand($this->searchCommand(), ['query' => ['success:'], '--csv' => $file]));
        self::assertStringStartsWith('invalid search query: ', $this->output);
        self::assertFileDoesNotExist($file);
    }

    /**
     * The rebuild shows its progress to the end; --sync removes the attempts deleted from the log.
     */
    public function testReindexShowsItsProgressAndSyncRemovesDeletedAttempts(): void
    {
        $subscriptions = $this->recordAttempts($this->receiver, 5, 2);

        self::assertSame(0, $this->runCommand($this->reindexCommand()));
        $lines = explode("\n", rtrim($this->output, "\n"));
        self::assertSame(' 0/7 [>---------------------------]   0%', $lines[0]);
        self::assertSame(' 7/7 [============================] 100%', $lines[count($lines) - 2]);
        self::assertCount(count(array_unique(array_slice($lines, 0, -1))), array_slice($lines, 0, -1), 'each step drawn once');
        self::assertMatchesRegularExpression('/^Search index rebuilt: 7 attempt\(s\) indexed in \d+\.\d s\.$/', end($lines));

        $this->client()->deleteSubscription($subscriptions['orders']);
        self::assertSame(0, $this->runCommand($this->reindexCommand(), ['--sync' => true]));
        self::assertSame("Search index synced: 0 attempt(s) added, 5 removed.\n", $this->output);
        self::assertSame(0, $this->runCommand($this->searchCommand(), ['query' => ['*:*'], '--limit' => '0']));
        self::assertSame("2 match(es).\n", $this->output);
    }

    /**
     * The bar moves after each batch the extension indexes (2 000 attempts).
     */
    public function testReindexMovesTheBarAfterEachBatch(): void
    {
        $this->makeDeadLetters(2100);
        self::assertSame(0, $this->runCommand($this->reindexCommand()));
        $lines = explode("\n", rtrim($this->output, "\n"));
        self::assertSame([
            ' 0/2100 [>---------------------------]   0%',
            ' 2000/2100 [==========================>-]  95%',
            ' 2100/2100 [============================] 100%',
        ], array_slice($lines, 0, -1));
        self::assertStringStartsWith('Search index rebuilt: 2100 attempt(s) indexed in ', end($lines));
    }

    /**
     * With indexing off there is nothing to rebuild: the extension's reason, and a failure.
     */
    public function testReindexFailsWithIndexingOff(): void
    {
        $this->env['async_events']['indexing_enabled'] = false;
        self::assertSame(1, $this->runCommand($this->reindexCommand()));
        self::assertStringStartsWith('async_events: ', $this->output);
        self::assertStringContainsString('index', $this->output);
        self::assertSame(0, $this->runCommand($this->reindexCommand(), ['--sync' => true]));
        self::assertSame("Search index synced: 0 attempt(s) added, 0 removed.\n", $this->output);
    }
}
