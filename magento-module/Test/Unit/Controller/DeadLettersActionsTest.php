<?php
/**
 * Tests of the dead letters page's actions: retry, erase, export and download, the retry job.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Controller;

use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\Download;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\Erase;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\Export;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\JobProgress;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\Retry;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\StartJob;
use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\StopJob;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use Magento\Framework\App\Filesystem\DirectoryList;
use Magento\Framework\App\Response\Http\FileFactory;

/**
 * Each action does its operation, says what it did (or what went wrong) and goes back to the list
 * of its kind; the job's progress is JSON.
 */
class DeadLettersActionsTest extends ControllerTestCase
{
    /**
     * Redirect target of the list of a kind.
     */
    private const LIST_URL = '/admin/async_events/deadletters/index/kind/%s/';

    /**
     * Run an operation action (a POST of the page).
     *
     * @param class-string $class Retry, Erase, StartJob or StopJob
     * @param array<string, mixed> $params
     * @return \MageOS\AsyncEvents\Test\Unit\Fake\Response
     */
    private function post(string $class, array $params = []): \MageOS\AsyncEvents\Test\Unit\Fake\Response
    {
        return $this->dispatch(new $class($this->context($params), $this->deadLetterManagement()));
    }

    /**
     * Where the exports go.
     *
     * @return ExportLocation
     */
    private function exportLocation(): ExportLocation
    {
        return new ExportLocation(new DirectoryList($this->dir));
    }

    /**
     * The job's progress as the page polls it.
     *
     * @return array<string, mixed>
     */
    private function progress(): array
    {
        $deadLetters = $this->deadLetterManagement();
        $response = $this->dispatch(new JobProgress($this->context(), $deadLetters, new RetryJobRunner($deadLetters)));
        self::assertSame('application/json', $response->headers['content-type']);
        return json_decode($response->body, true, 512, JSON_THROW_ON_ERROR);
    }

    /**
     * Retry takes the oldest dead letter of the list.
     */
    public function testRetryTakesTheOldestOfTheList(): void
    {
        $this->makeDeadLetters(2, 1);
        $oldest = array_column($this->deadLetterManagement()->getList('delivery')['items'], 'uuid')[1];
        $response = $this->post(Retry::class, ['kind' => 'delivery']);
        self::assertSame([['success', 'The oldest dead letter was retried.']], $this->messages->messages);
        self::assertSame(sprintf(self::LIST_URL, 'delivery'), $response->redirect);
        $left = array_column($this->deadLetterManagement()->getList('delivery')['items'], 'uuid');
        self::assertCount(1, $left);
        self::assertNotContains($oldest, $left);
        self::assertSame(1, $this->deadLetterManagement()->count('event'), 'the other list is untouched');
    }

    /**
     * Retry of an empty list says so; an unknown kind is an error.
     */
    public function testRetryOfAnEmptyListSaysSoAndAnUnknownKindIsAnError(): void
    {
        $this->makeDeadLetters(1);
        $response = $this->post(Retry::class, ['kind' => 'event']);
        self::assertSame('success', $this->messages->messages[0][0]);
        self::assertStringStartsWith('No dead letter was retried: the list is empty', $this->messages->messages[0][1]);
        self::assertSame(sprintf(self::LIST_URL, 'event'), $response->redirect);

        $this->post(Retry::class, ['kind' => 'poison']);
        self::assertSame([['error', 'The dead letter kind "poison" is unknown; use delivery or event.']], $this->messages->messages);
        self::assertSame(1, $this->deadLetterManagement()->count('delivery'));
    }

    /**
     * Without its ACL resource an action does nothing.
     */
    public function testWithoutItsAclResourceAnActionDoesNothing(): void
    {
        $this->makeDeadLetters(1);
        $this->authorization->allowed = ['MageOS_AsyncEvents::async_events_dead_letters'];
        foreach ([Retry::class, Erase::class, StartJob::class] as $class) {
            self::assertSame(403, $this->post($class, ['kind' => 'delivery'])->code, $class);
            self::assertSame([], $this->messages->messages);
        }
        self::assertSame(1, $this->deadLetterManagement()->count('delivery'));
        self::assertNull($this->deadLetterManagement()->getRetryJob());
    }

    /**
     * Erase empties the list of the kind, delivery when none is given.
     */
    public function testEraseEmptiesTheListOfTheKind(): void
    {
        $this->makeDeadLetters(2, 1);
        $response = $this->post(Erase::class);
        self::assertSame([['success', '2 dead letter(s) erased.']], $this->messages->messages);
        self::assertSame(sprintf(self::LIST_URL, 'delivery'), $response->redirect);
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
        self::assertSame(1, $this->deadLetterManagement()->count('event'));
    }

    /**
     * Export writes a file to the exports folder that Download then sends; other names are refused.
     */
    public function testExportWritesAFileThatDownloadSends(): void
    {
        $this->makeDeadLetters(0, 2);
        $response = $this->dispatch(new Export(
            $this->context(['kind' => 'event']),
            $this->deadLetterManagement(),
            $this->exportLocation()
        ));
        self::assertSame(sprintf(self::LIST_URL, 'event'), $response->redirect);
        self::assertSame('success', $this->messages->messages[0][0]);
        self::assertMatchesRegularExpression(
            '/^2 dead letter\(s\) exported to (dead-letters-event-\d{8}-\d{6}\.json)\.$/',
            $this->messages->messages[0][1]
        );
        $name = preg_replace('/^.* exported to (.*)\.$/', '$1', $this->messages->messages[0][1]);
        self::assertSame([$name], array_column($this->exportLocation()->listExports(), 'name'));

        $context = $this->context(['file' => $name]);
        $response = $this->dispatch(new Download($context, $this->exportLocation(), new FileFactory($this->response, new DirectoryList($this->dir))));
        self::assertSame(200, $response->code);
        self::assertSame('application/json', $response->headers['content-type']);
        self::assertSame('attachment; filename="' . $name . '"', $response->headers['content-disposition']);
        self::assertCount(2, json_decode($response->body, true, 512, JSON_THROW_ON_ERROR));

        $context = $this->context(['file' => '../../app/etc/env.php']);
        $response = $this->dispatch(new Download($context, $this->exportLocation(), new FileFactory($this->response, new DirectoryList($this->dir))));
        self::assertSame('/admin/async_events/deadletters/index/', $response->redirect);
        self::assertSame([['error', 'There is no export named ../../app/etc/env.php.']], $this->messages->messages);
    }

    /**
     * The retry job is started, watched and stopped from the page.
     */
    public function testTheRetryJobIsStartedWatchedAndStopped(): void
    {
        $this->makeDeadLetters(2);
        self::assertSame(
            ['job' => null, 'running' => false, 'percent' => null, 'text' => 'No retry job has run yet.'],
            $this->progress()
        );
        $this->post(StopJob::class);
        self::assertSame([['success', 'There is no retry job to stop.']], $this->messages->messages);

        $response = $this->post(StartJob::class, ['kind' => 'delivery', 'batch_size' => '1', 'cooldown' => '3600']);
        self::assertSame(sprintf(self::LIST_URL, 'delivery'), $response->redirect);
        $job = $this->deadLetterManagement()->getRetryJob();
        self::assertSame(
            [['success', "Retry job {$job['job_id']} started over 2 delivery dead letter(s): 1 every 3600 second(s), run by cron."]],
            $this->messages->messages
        );
        $this->deadLetterManagement()->runRetryJob();
        $progress = $this->progress();
        self::assertTrue($progress['running']);
        self::assertSame(50, $progress['percent']);
        self::assertSame(1, $progress['job']['retried']);
        self::assertStringStartsWith("Retry job {$job['job_id']} (delivery dead letters) is running: 1 of 2 retried", $progress['text']);

        $this->post(StartJob::class, ['kind' => 'event']);
        self::assertSame(
            [['error', "The retry job cannot be started: retry job {$job['job_id']} is still running; stop it first"]],
            $this->messages->messages
        );

        $this->post(StopJob::class, ['kind' => 'delivery']);
        self::assertSame(
            [['success', "Retry job {$job['job_id']} is stopped: 1 of 2 dead letter(s) retried."]],
            $this->messages->messages
        );
        self::assertFalse($this->progress()['running']);
    }

    /**
     * The page's defaults start a job; a batch size of 0 is refused.
     */
    public function testThePagesDefaultsStartAJobAndABatchOfNoneIsRefused(): void
    {
        $this->makeDeadLetters(1);
        $this->post(StartJob::class, ['kind' => 'delivery', 'batch_size' => '0', 'cooldown' => '5']);
        self::assertSame([['error', 'The batch size must be at least 1.']], $this->messages->messages);
        self::assertNull($this->deadLetterManagement()->getRetryJob());

        $this->post(StartJob::class, ['kind' => 'delivery']);
        $job = $this->deadLetterManagement()->getRetryJob();
        self::assertSame([StartJob::DEFAULT_BATCH_SIZE, StartJob::DEFAULT_COOLDOWN], [$job['batch_size'], $job['cooldown_seconds']]);
    }

    /**
     * The progress says what went wrong when the job cannot be read.
     */
    public function testTheProgressSaysWhatWentWrong(): void
    {
        $this->env['async_events'] = ['store_dsn' => 'nosuch://store'];
        self::assertStringStartsWith('async_events: ', $this->progress()['error']);
    }
}
