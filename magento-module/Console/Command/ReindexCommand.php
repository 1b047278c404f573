<?php
/**
 * bin/magento async-events:reindex
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\Search\LogSearch;
use Magento\Framework\Console\Cli;
use Magento\Framework\Exception\LocalizedException;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Formatter\OutputFormatter;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Rebuilds the search index from the whole attempt log with a progress bar, or with --sync adds the
 * attempts logged since the last sync and removes those deleted from the log.
 */
class ReindexCommand extends Command
{
    /**
     * @var LogSearch
     */
    private LogSearch $logSearch;

    /**
     * @param LogSearch $logSearch
     */
    public function __construct(LogSearch $logSearch)
    {
        $this->logSearch = $logSearch;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:reindex')
            ->setDescription('Rebuilds the search index of the delivery attempts (--sync: brings it up to date instead)')
            ->addOption('sync', 's', InputOption::VALUE_NONE, 'Only add new attempts and remove deleted ones');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $started = microtime(true);
        try {
            if ($input->getOption('sync')) {
                $report = $this->logSearch->sync();
                $output->writeln(sprintf(
                    '<info>Search index synced:</info> %d attempt(s) added, %d removed.',
                    $report['added'],
                    $report['removed']
                ));
                return Cli::RETURN_SUCCESS;
            }
            $progress = null;
            $indexed = $this->logSearch->reindex(function (int $done, int $total) use ($output, &$progress): void {
                if ($progress === null) {
                    $progress = new ProgressBar($output, $total);
                    $progress->start();
                }
                $progress->setMaxSteps(max($total, $done));
                $progress->setProgress($done);
            });
        } catch (LocalizedException $e) {
            if (isset($progress)) {
                $output->writeln('');
            }
            $output->writeln('<error>' . OutputFormatter::escape($e->getMessage()) . '</error>');
            return Cli::RETURN_FAILURE;
        }
        if ($progress !== null) {
            if ($progress->getProgress() < $progress->getMaxSteps()) {
                $progress->finish();
            }
            $output->writeln('');
        }
        $output->writeln(sprintf(
            '<info>Search index rebuilt:</info> %d attempt(s) indexed in %.1f s.',
            $indexed,
            microtime(true) - $started
        ));
        return Cli::RETURN_SUCCESS;
    }
}
