<?php
/**
 * bin/magento async-events:dlq:retry
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Retries dead letters: one by id, the oldest, or all of a kind in batches with a cooldown.
 */
class DeadLetterRetryCommand extends Command
{
    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @param DeadLetterManagement $deadLetters
     */
    public function __construct(DeadLetterManagement $deadLetters)
    {
        $this->deadLetters = $deadLetters;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:dlq:retry')
            ->setDescription('Retries dead letters (by default the oldest delivery dead letter)')
            ->addOption('kind', 'k', InputOption::VALUE_REQUIRED, 'delivery or event', DeadLetterManagement::KIND_DELIVERY)
            ->addOption('id', null, InputOption::VALUE_REQUIRED, 'Retry this dead letter id')
            ->addOption('all', 'a', InputOption::VALUE_NONE, 'Retry every dead letter of the kind')
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
        if ($input->getOption('id') !== null) {
            $created = $this->deadLetters->retry((int)$input->getOption('id'));
            $output->writeln(sprintf('<info>Dead letter %d retried: %d deliveries queued.</info>', $input->getOption('id'), $created));
            return Cli::RETURN_SUCCESS;
        }
        if (!$input->getOption('all')) {
            $result = $this->deadLetters->retryOldest($kind, 1);
            $output->writeln($result['retried'] ? '<info>The oldest dead letter was retried.</info>' : 'No dead letter to retry.');
            return $result['failed'] ? Cli::RETURN_FAILURE : Cli::RETURN_SUCCESS;
        }
        $batchSize = max(1, (int)$input->getOption('batch-size'));
        $cooldown = max(0.0, (float)$input->getOption('cooldown'));
        $progress = new ProgressBar($output, $this->deadLetters->count($kind));
        $retried = 0;
        $failed = 0;
        do {
            $result = $this->deadLetters->retryOldest($kind, $batchSize, function () use ($progress) {
                $progress->advance();
            });
            $retried += $result['retried'];
            $failed += $result['failed'];
            $more = $result['retried'] > 0 && $result['retried'] + $result['failed'] >= $batchSize;
            if ($more && $cooldown > 0) {
                usleep((int)($cooldown * 1000000));
            }
        } while ($more);
        $progress->finish();
        $output->writeln('');
        $output->writeln(sprintf('<info>%d retried</info>, %d failed.', $retried, $failed));
        return $failed ? Cli::RETURN_FAILURE : Cli::RETURN_SUCCESS;
    }
}
