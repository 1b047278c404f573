<?php
/**
 * Tests of the dead-letter operations of the admin page, the CLI and cron.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\DeadLetter;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\Exception\LocalizedException;

/**
 * List, retry the oldest, erase and export both kinds of dead letters, and drive the retry job,
 * through the extension; its errors come out as LocalizedException.
 */
class DeadLetterManagementTest extends TestCase
{
    /**
     * @var Receiver|null
     */
    private ?Receiver $receiver = null;

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        $this->receiver?->stop();
        parent::tearDown();
    }

    /**
     * Both lists are read with paging.
     */
    public function testBothListsAreReadWithPaging(): void
    {
        $uuids = $this->makeDeadLetters(3, 1);
        $page = $this->deadLetterManagement()->getList('delivery', 2, 0);
        $rest = $this->deadLetterManagement()->getList('delivery', 2, 2);
        self::assertSame(3, $page['total_count']);
        self::assertCount(2, $page['items']);
        $ids = array_column(array_merge($page['items'], $rest['items']), 'dead_letter_id');
        self::assertSame(array_reverse(range(min($ids), min($ids) + 2)), $ids, 'newest first');
        $listed = array_column(array_merge($page['items'], $rest['items']), 'uuid');
        sort($listed);
        sort($uuids['delivery']);
        self::assertSame($uuids['delivery'], $listed);
        self::assertArrayHasKey('dead_letter_id', $page['items'][0]);
        self::assertSame(1, $this->deadLetterManagement()->count('event'));
    }

    /**
     * Retrying takes the oldest delivery and delivers it again under the same event id.
     */
    public function testRetryTakesTheOldestDeliveryAndSendsItAgainUnderTheSameId(): void
    {
        $this->receiver = new Receiver();
        $this->makeDeadLetters(2, 0, $this->receiver->baseUrl . '/fail');
        self::assertCount(2, $this->receiver->requests());
        [$newest, $oldest] = array_column($this->deadLetterManagement()->getList('delivery')['items'], 'uuid');

        self::assertSame(1, $this->deadLetterManagement()->retry('delivery'));
        $left = $this->deadLetterManagement()->getList('delivery');
        self::assertSame([$newest], array_column($left['items'], 'uuid'), 'the oldest left the list');
        $this->clientProvider()->createConsumer()->run(null, ['drain' => true]);
        $requests = $this->receiver->requests();
        self::assertCount(3, $requests);
        self::assertSame($oldest, $requests[2]['headers']['webhook-id'], 'same event id');
    }

    /**
     * Retrying an event dead letter queues the event again.
     */
    public function testRetryingAnEventDeadLetterQueuesTheEventAgain(): void
    {
        $this->makeDeadLetters(0, 2);
        self::assertSame(2, $this->deadLetterManagement()->retry('event', 10));
        self::assertSame(0, $this->deadLetterManagement()->count('event'));
        // Still broken: the consumer dead-letters them again.
        $stats = $this->clientProvider()->createConsumer()->run($this->resolver(), ['drain' => true]);
        self::assertSame(2, $stats['events_dead_lettered']);
        self::assertSame(0, $this->deadLetterManagement()->retry('delivery'), 'nothing to retry');
    }

    /**
     * Erase one kind, or both.
     */
    public function testEraseOneKindOrBoth(): void
    {
        $this->makeDeadLetters(2, 1);
        self::assertSame(1, $this->deadLetterManagement()->erase('event'));
        self::assertSame(2, $this->deadLetterManagement()->count('delivery'));
        $this->makeDeadLetters(0, 1);
        self::assertSame(3, $this->deadLetterManagement()->erase());
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
        self::assertSame(0, $this->deadLetterManagement()->count('event'));
    }

    /**
     * Export writes every attribute and creates the folder.
     */
    public function testExportWritesEveryAttributeAndCreatesTheFolder(): void
    {
        $this->makeDeadLetters(2);
        $file = $this->dir . '/var/export/async_events/dead-letters.json';
        self::assertSame(2, $this->deadLetterManagement()->export('delivery', $file));
        $exported = json_decode((string)file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
        $listed = array_reverse($this->deadLetterManagement()->getList('delivery')['items']);
        self::assertSame(array_column($listed, 'uuid'), array_column($exported, 'uuid'), 'oldest first');
        self::assertSame('delivery', $exported[0]['kind']);
        foreach (['dead_letter_id', 'event_name', 'subscription_id', 'reason', 'deaths', 'created', 'body'] as $key) {
            self::assertArrayHasKey($key, $exported[0]);
        }
        self::assertArrayHasKey('increment_id', json_decode($exported[0]['body'], true), 'the payload as JSON text');
        self::assertSame(2, $this->deadLetterManagement()->count('delivery'), 'exporting keeps the dead letters');
    }

    /**
     * An export that cannot be written says where.
     */
    public function testAnExportThatCannotBeWrittenSaysWhere(): void
    {
        $this->makeDeadLetters(1);
        try {
            $this->deadLetterManagement()->export('delivery', $this->dir . '/var');
            self::fail('a folder is not a file');
        } catch (LocalizedException $e) {
            self::assertStringStartsWith('The delivery dead letters cannot be exported to ' . $this->dir . '/var: ', $e->getMessage());
            self::assertInstanceOf(\AsyncEvents\Exception\AsyncEventsException::class, $e->getPrevious());
        }
        file_put_contents($this->dir . '/file', '');
        $this->expectExceptionMessage('The folder ' . $this->dir . '/file/sub for the dead-letter export cannot be created.');
        $this->deadLetterManagement()->export('delivery', $this->dir . '/file/sub/export.json');
    }

    /**
     * Unknown kinds and numbers out of range are refused with a message.
     *
     * @dataProvider refusedCalls
     * @param callable $call
     * @param string $message
     */
    public function testUnknownKindsAndNumbersOutOfRangeAreRefused(callable $call, string $message): void
    {
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessage($message);
        $call($this->deadLetterManagement());
    }

    /**
     * @return array<string, array{0: callable, 1: string}>
     */
    public function refusedCalls(): array
    {
        $unknown = 'The dead letter kind "poison" is unknown; use delivery or event.';
        return [
            'list' => [fn (DeadLetterManagement $m) => $m->getList('poison'), $unknown],
            'retry' => [fn (DeadLetterManagement $m) => $m->retry('poison'), $unknown],
            'erase' => [fn (DeadLetterManagement $m) => $m->erase('poison'), $unknown],
            'export' => [fn (DeadLetterManagement $m) => $m->export('poison', '/tmp/x.json'), $unknown],
            'job' => [fn (DeadLetterManagement $m) => $m->startRetryJob('poison', 1, 0), $unknown],
            'retry none' => [fn (DeadLetterManagement $m) => $m->retry('event', 0), 'must be at least 1'],
            'batch of none' => [fn (DeadLetterManagement $m) => $m->startRetryJob('event', 0, 0), 'The batch size must be at least 1.'],
            'cooldown' => [fn (DeadLetterManagement $m) => $m->startRetryJob('event', 1, -1), 'The cooldown cannot be negative.'],
        ];
    }

    /**
     * The retry job: one at a time, a batch per turn once the cooldown has passed, stopped on demand.
     */
    public function testTheRetryJobRunsABatchPerTurnAndStops(): void
    {
        $this->makeDeadLetters(3);
        $management = $this->deadLetterManagement();
        self::assertNull($management->getRetryJob());
        self::assertNull($management->stopRetryJob());

        $job = $management->startRetryJob('delivery', 2, 3600);
        self::assertSame(['delivery', 2, 3600, 'running', 0, 3], [
            $job['kind'], $job['batch_size'], $job['cooldown_seconds'], $job['status'], $job['retried'], $job['total'],
        ]);
        try {
            $management->startRetryJob('event', 1, 0);
            self::fail('a second job must be refused');
        } catch (LocalizedException $e) {
            self::assertSame("The retry job cannot be started: retry job {$job['job_id']} is still running; stop it first", $e->getMessage());
        }

        self::assertSame(2, $management->runRetryJob()['retried']);
        self::assertSame(2, $management->runRetryJob()['retried'], 'the cooldown holds the next batch');
        self::assertSame(1, $management->count('delivery'));
        $stopped = $management->stopRetryJob();
        self::assertSame([$job['job_id'], 'stopped', 2], [$stopped['job_id'], $stopped['status'], $stopped['retried']]);
        self::assertSame('stopped', $management->getRetryJob()['status']);
        self::assertSame('stopped', $management->runRetryJob()['status'], 'a stopped job does not go on');
        self::assertSame(1, $management->count('delivery'));
    }

    /**
     * A store the extension refuses gives a LocalizedException naming the problem.
     */
    public function testAStoreTheExtensionRefusesGivesALocalizedException(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'nosuch://store'];
        $this->expectException(LocalizedException::class);
        $this->expectExceptionMessageMatches('/^async_events: .*nosuch/');
        $this->deadLetterManagement()->retry('delivery');
    }
}
