<?php
/**
 * bin/magento async-events:dlq:retry
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use Magento\Framework\Console\Cli;
use Magento\Framework\Exception\LocalizedException;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Retries the oldest dead letter of a kind, or with --all every one of them through the retry job:
 * starts the job, then runs its batches here, waiting out each cooldown, with a progress bar.
 * Ctrl-C (SIGINT) or SIGTERM stops the job; without the pcntl extension an interrupted job keeps
 * running and cron finishes it.
 */
class DeadLetterRetryCommand extends Command
{
    /**
     * Signals that stop the job.
     */
    private const STOP_SIGNALS = ['SIGINT', 'SIGTERM'];

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var RetryJobRunner
     */
    private RetryJobRunner $runner;

    /**
     * @var int|null the stop signal received
     */
    private ?int $signal = null;

    /**
     * @param DeadLetterManagement $deadLetters
     * @param RetryJobRunner $runner
     */
    public function __construct(DeadLetterManagement $deadLetters, RetryJobRunner $runner)
    {
        $this->deadLetters = $deadLetters;
        $this->runner = $runner;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:dlq:retry')
            ->setDescription('Retries dead letters: the oldest, or with --all every one in batches (the retry job)')
            ->addOption('kind', 'k', InputOption::VALUE_REQUIRED, 'delivery or event', DeadLetterManagement::KIND_DELIVERY)
            ->addOption('all', 'a', InputOption::VALUE_NONE, 'Retry every dead letter of the kind; Ctrl-C stops')
            ->addOption('batch-size', 'b', InputOption::VALUE_REQUIRED, 'With --all: dead letters per batch', '100')
            ->addOption('cooldown', 'c', InputOption::VALUE_REQUIRED, 'With --all: seconds between batches', '0');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $kind = (string)$input->getOption('kind');
        try {
            if (!$input->getOption('all')) {
                $retried = $this->deadLetters->retry($kind, 1);
                $output->writeln($retried
                    ? sprintf('<info>The oldest %s dead letter was retried.</info>', $kind)
                    : sprintf('No %s dead letter was retried (none left, or the oldest belonged to a deleted subscription).', $kind));
                return Cli::RETURN_SUCCESS;
            }
            $job = $this->deadLetters->startRetryJob(
                $kind,
                (int)$input->getOption('batch-size'),
                (int)$input->getOption('cooldown')
            );
        } catch (LocalizedException $e) {
            $output->writeln('<error>' . $e->getMessage() . '</error>');
            return Cli::RETURN_FAILURE;
        }
        $output->writeln(sprintf(
            'Retry job %d: %d %s dead letter(s), %d per batch, %d s between batches. Ctrl-C stops it.',
            $job['job_id'],
            $job['total'],
            $job['kind'],
            $job['batch_size'],
            $job['cooldown_seconds']
        ));
        $progress = new ProgressBar($output, (int)$job['total']);
        $progress->setFormat(' %current%/%max% [%bar%] %percent:3s%% %message%');
        $progress->setMessage('');
        $progress->start();
        $job = $this->whileSignalsAreTrapped(fn () => $this->runner->run(
            null,
            fn (array $job) => $this->showProgress($progress, $job),
            fn (): bool => $this->signal !== null
        )) ?? $job;
        if ($this->signal !== null) {
            $job = $this->deadLetters->stopRetryJob() ?? $job;
        }
        if ($job['status'] === 'finished') {
            $progress->finish();
        }
        $output->writeln('');
        $output->writeln(sprintf('%d of %d retried; the job is %s.', $job['retried'], $job['total'], $job['status']));
        if ($this->signal !== null) {
            return 128 + $this->signal;
        }
        return $job['status'] === 'finished' ? Cli::RETURN_SUCCESS : Cli::RETURN_FAILURE;
    }

    /**
     * Show a job's progress and when its next batch comes.
     *
     * @param ProgressBar $progress
     * @param array<string, mixed> $job
     * @return void
     */
    private function showProgress(ProgressBar $progress, array $job): void
    {
        $progress->setMaxSteps(max((int)$job['total'], (int)$job['retried']));
        $progress->setProgress((int)$job['retried']);
        $wait = (int)ceil($this->runner->secondsUntilNextBatch($job));
        $progress->setMessage(RetryJobRunner::isRunning($job) && $wait > 0 ? sprintf('next batch in %d s', $wait) : '');
        $progress->display();
    }

    /**
     * Run something while SIGINT and SIGTERM only set $this->signal (when pcntl is there), then put
     * the previous handlers back.
     *
     * @param callable $body
     * @return mixed what $body returns
     */
    private function whileSignalsAreTrapped(callable $body)
    {
        $this->signal = null;
        if (!function_exists('pcntl_signal') || !function_exists('pcntl_async_signals')) {
            return $body();
        }
        $previous = [];
        $wasAsync = pcntl_async_signals(true);
        foreach (self::STOP_SIGNALS as $name) {
            $signal = (int)constant($name);
            $previous[$signal] = pcntl_signal_get_handler($signal);
            pcntl_signal($signal, function (int $signal): void {
                $this->signal = $signal;
            });
        }
        try {
            return $body();
        } finally {
            foreach ($previous as $signal => $handler) {
                pcntl_signal($signal, $handler);
            }
            pcntl_async_signals($wasAsync);
        }
    }
}
