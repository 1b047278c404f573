<?php
/**
 * Tests of bin/magento async-events:dlq:retry, :erase and :export.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Console\Command;

use MageOS\AsyncEvents\Console\Command\DeadLetterEraseCommand;
use MageOS\AsyncEvents\Console\Command\DeadLetterExportCommand;
use MageOS\AsyncEvents\Console\Command\DeadLetterRetryCommand;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Framework\App\Filesystem\DirectoryList;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\HelperSet;
use Symfony\Component\Console\Helper\QuestionHelper;
use Symfony\Component\Console\Input\ArrayInput;
use Symfony\Component\Console\Output\BufferedOutput;

/**
 * The commands as an operator runs them: options, output, exit code, and what changed in the store.
 */
class DeadLetterCommandsTest extends TestCase
{
    /**
     * @var string what the last command wrote
     */
    private string $output = '';

    /**
     * Run a command.
     *
     * @param Command $command
     * @param array<string, mixed> $parameters
     * @param string|null $answers typed by the user; null for a non-interactive run
     * @return int exit code
     */
    private function runCommand(Command $command, array $parameters = [], ?string $answers = null): int
    {
        $command->setHelperSet(new HelperSet([new QuestionHelper()]));
        $input = new ArrayInput($parameters);
        $input->setInteractive($answers !== null);
        if ($answers !== null) {
            $stream = fopen('php://memory', 'r+b');
            fwrite($stream, $answers);
            rewind($stream);
            $input->setStream($stream);
        }
        $output = new BufferedOutput();
        $code = $command->run($input, $output);
        $this->output = $output->fetch();
        return $code;
    }

    /**
     * The retry command, its runner sleeping with $sleep.
     *
     * @param callable|null $sleep
     * @return DeadLetterRetryCommand
     */
    private function retryCommand(?callable $sleep = null): DeadLetterRetryCommand
    {
        $deadLetters = $this->deadLetterManagement();
        return new DeadLetterRetryCommand($deadLetters, new RetryJobRunner($deadLetters, $sleep));
    }

    /**
     * The commands keep their names and options.
     */
    public function testTheCommandsKeepTheirNamesAndOptions(): void
    {
        $retry = $this->retryCommand();
        self::assertSame('async-events:dlq:retry', $retry->getName());
        self::assertSame(['kind', 'all', 'batch-size', 'cooldown'], array_keys($retry->getDefinition()->getOptions()));
        self::assertSame('delivery', $retry->getDefinition()->getOption('kind')->getDefault());
        $erase = new DeadLetterEraseCommand($this->deadLetterManagement());
        self::assertSame('async-events:dlq:erase', $erase->getName());
        self::assertNull($erase->getDefinition()->getOption('kind')->getDefault(), 'both kinds by default');
        $export = new DeadLetterExportCommand($this->deadLetterManagement(), new ExportLocation(new DirectoryList($this->dir)));
        self::assertSame('async-events:dlq:export', $export->getName());
        self::assertFalse($export->getDefinition()->getArgument('file')->isRequired());
    }

    /**
     * Without --all the oldest dead letter is retried.
     */
    public function testWithoutAllTheOldestIsRetried(): void
    {
        $this->makeDeadLetters(2, 0);
        self::assertSame(0, $this->runCommand($this->retryCommand()));
        self::assertSame("The oldest delivery dead letter was retried.\n", $this->output);
        self::assertSame(1, $this->deadLetterManagement()->count('delivery'));

        self::assertSame(0, $this->runCommand($this->retryCommand(), ['--kind' => 'event']));
        self::assertStringStartsWith('No event dead letter was retried', $this->output);

        self::assertSame(1, $this->runCommand($this->retryCommand(), ['-k' => 'poison']));
        self::assertSame("The dead letter kind \"poison\" is unknown; use delivery or event.\n", $this->output);
    }

    /**
     * --all runs the retry job to its end with a progress bar.
     */
    public function testAllRunsTheRetryJobToItsEndWithAProgressBar(): void
    {
        $this->makeDeadLetters(3, 1);
        self::assertSame(0, $this->runCommand($this->retryCommand(), ['--all' => true, '--batch-size' => '2']));
        $lines = explode("\n", trim($this->output));
        self::assertMatchesRegularExpression(
            '/^Retry job \d+: 3 delivery dead letter\(s\), 2 per batch, 0 s between batches\. Ctrl-C stops it\.$/',
            $lines[0]
        );
        self::assertStringStartsWith(' 0/3 [>', $lines[1]);
        self::assertStringContainsString(' 2/3 [', $this->output);
        self::assertStringStartsWith(' 3/3 [============================] 100%', $lines[count($lines) - 2]);
        self::assertSame('3 of 3 retried; the job is finished.', end($lines));
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
        self::assertSame(1, $this->deadLetterManagement()->count('event'), 'the other kind stays');
    }

    /**
     * --all waits out the cooldown and shows when the next batch comes.
     */
    public function testAllWaitsOutTheCooldown(): void
    {
        $this->makeDeadLetters(2);
        $slept = 0.0;
        $code = $this->runCommand($this->retryCommand(static function (float $seconds) use (&$slept): void {
            $slept += $seconds;
            usleep((int)($seconds * 1000000));
        }), ['--all' => true, '-b' => '1', '-c' => '1']);
        self::assertSame(0, $code);
        self::assertGreaterThanOrEqual(0.9, $slept);
        self::assertStringContainsString(' 1/2 [==============>-------------]  50% next batch in 1 s', $this->output);
        self::assertStringEndsWith("2 of 2 retried; the job is finished.\n", $this->output);
    }

    /**
     * Ctrl-C stops the job and gives the signal's exit code; the handlers are put back.
     */
    public function testCtrlCStopsTheJob(): void
    {
        if (!function_exists('pcntl_signal') || !function_exists('posix_kill')) {
            self::markTestSkipped('pcntl and posix are needed to send SIGINT');
        }
        $this->makeDeadLetters(3);
        $before = pcntl_signal_get_handler(SIGINT);
        $code = $this->runCommand($this->retryCommand(static function (): void {
            posix_kill(getmypid(), SIGINT);
        }), ['--all' => true, '--batch-size' => '1', '--cooldown' => '3600']);
        self::assertSame(128 + SIGINT, $code);
        self::assertStringEndsWith("1 of 3 retried; the job is stopped.\n", $this->output);
        self::assertStringNotContainsString('3/3', $this->output, 'the bar stays where the job stopped');
        self::assertSame('stopped', $this->deadLetterManagement()->getRetryJob()['status']);
        self::assertSame(2, $this->deadLetterManagement()->count('delivery'));
        self::assertSame($before, pcntl_signal_get_handler(SIGINT));
    }

    /**
     * --all is refused while another job runs, and with a batch of none.
     */
    public function testAllIsRefusedWhileAnotherJobRunsAndWithABatchOfNone(): void
    {
        $this->makeDeadLetters(1);
        self::assertSame(1, $this->runCommand($this->retryCommand(), ['--all' => true, '--batch-size' => '0']));
        self::assertSame("The batch size must be at least 1.\n", $this->output);

        $job = $this->deadLetterManagement()->startRetryJob('event', 1, 60);
        self::assertSame(1, $this->runCommand($this->retryCommand(), ['--all' => true]));
        self::assertSame("The retry job cannot be started: retry job {$job['job_id']} is still running; stop it first\n", $this->output);
        self::assertSame(1, $this->deadLetterManagement()->count('delivery'));
    }

    /**
     * Erase asks first, unless --force; both kinds by default.
     */
    public function testEraseAsksFirstUnlessForced(): void
    {
        $this->makeDeadLetters(2, 1);
        $erase = new DeadLetterEraseCommand($this->deadLetterManagement());

        self::assertSame(0, $this->runCommand($erase, []));
        self::assertSame("Nothing erased.\n", $this->output, 'a non-interactive run takes the default: no');
        self::assertSame(0, $this->runCommand($erase, [], "n\n"));
        self::assertSame("Erase every delivery and event dead letter? [y/N] Nothing erased.\n", $this->output);
        self::assertSame(2, $this->deadLetterManagement()->count('delivery'));

        self::assertSame(0, $this->runCommand($erase, ['--kind' => 'event'], "y\n"));
        self::assertSame("Erase every event dead letter? [y/N] 1 dead letters erased.\n", $this->output);
        self::assertSame(2, $this->deadLetterManagement()->count('delivery'));

        self::assertSame(0, $this->runCommand($erase, ['-f' => true]));
        self::assertSame("2 dead letters erased.\n", $this->output);
        self::assertSame(0, $this->deadLetterManagement()->count('delivery'));
    }

    /**
     * Export writes to the exports folder by default, or to the file given.
     */
    public function testExportWritesToTheExportsFolderOrTheFileGiven(): void
    {
        $this->makeDeadLetters(2, 1);
        $location = new ExportLocation(new DirectoryList($this->dir));
        $export = new DeadLetterExportCommand($this->deadLetterManagement(), $location);

        self::assertSame(0, $this->runCommand($export, []));
        $exports = $location->listExports();
        self::assertCount(1, $exports);
        $path = $location->getFolder() . '/' . $exports[0]['name'];
        self::assertSame("2 delivery dead letter(s) written to $path\n", $this->output);
        self::assertCount(2, json_decode((string)file_get_contents($path), true));

        $file = $this->dir . '/elsewhere/events.json';
        self::assertSame(0, $this->runCommand($export, ['file' => $file, '--kind' => 'event']));
        self::assertSame("1 event dead letter(s) written to $file\n", $this->output);
        self::assertSame('event', json_decode((string)file_get_contents($file), true)[0]['kind']);
    }
}
