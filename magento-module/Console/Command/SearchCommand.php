<?php
/**
 * bin/magento async-events:search QUERY
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\Search\LogSearch;
use Magento\Framework\Console\Cli;
use Magento\Framework\Exception\LocalizedException;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Formatter\OutputFormatter;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Searches every delivery attempt with a Lucene query and prints a page of matches with the total,
 * newest first; with --csv, writes every match (with its payload) to a CSV file instead.
 */
class SearchCommand extends Command
{
    /**
     * Attempts per page when --limit is not given.
     */
    public const DEFAULT_LIMIT = 20;

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
        $this->setName('async-events:search')
            ->setDescription('Searches the delivery attempts with a Lucene query (event_name:customer.* AND success:false)')
            ->addArgument('query', InputArgument::REQUIRED | InputArgument::IS_ARRAY, 'The query (quote it; several words are joined with spaces)')
            ->addOption('limit', 'l', InputOption::VALUE_REQUIRED, 'Matches to show (0: only the count); default ' . self::DEFAULT_LIMIT)
            ->addOption('offset', 'o', InputOption::VALUE_REQUIRED, 'Matches to skip; default 0')
            ->addOption('oldest-first', null, InputOption::VALUE_NONE, 'Oldest matches first')
            ->addOption('csv', null, InputOption::VALUE_REQUIRED, 'Write every match, with its payload, to this CSV file');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $query = trim(implode(' ', (array)$input->getArgument('query')));
        $oldestFirst = (bool)$input->getOption('oldest-first');
        $order = $oldestFirst ? 'oldest first' : 'newest first';
        try {
            $csv = $input->getOption('csv');
            if ($csv !== null) {
                if ($input->getOption('limit') !== null || $input->getOption('offset') !== null) {
                    throw new LocalizedException(__('--csv writes every match; --limit and --offset do not apply to it.'));
                }
                $written = $this->logSearch->export($query, (string)$csv, $oldestFirst);
                $output->writeln(sprintf(
                    '<info>%d attempt(s) written to %s</info> (%s).',
                    $written,
                    OutputFormatter::escape((string)$csv),
                    $order
                ));
                return Cli::RETURN_SUCCESS;
            }
            $limit = $this->count($input, 'limit', self::DEFAULT_LIMIT);
            $offset = $this->count($input, 'offset', 0);
            $result = $this->logSearch->search($query, $limit, $offset, $oldestFirst);
        } catch (LocalizedException $e) {
            $output->writeln('<error>' . OutputFormatter::escape($e->getMessage()) . '</error>');
            return Cli::RETURN_FAILURE;
        }
        $total = $result['total_count'];
        if ($result['items']) {
            $table = new Table($output);
            $table->setHeaders(['Log ID', 'UUID', 'Event', 'Subscription', 'Success', 'HTTP', 'Created (UTC)']);
            foreach ($result['items'] as $attempt) {
                $table->addRow([
                    (string)$attempt['log_id'],
                    (string)$attempt['uuid'],
                    (string)$attempt['event_name'],
                    (string)$attempt['subscription_id'],
                    !empty($attempt['success']) ? 'yes' : 'no',
                    isset($attempt['http_status']) ? (string)$attempt['http_status'] : '-',
                    (string)$attempt['created'],
                ]);
            }
            $table->render();
            $shown = count($result['items']);
            $output->writeln(sprintf('%d-%d of %d match(es), %s.', $offset + 1, $offset + $shown, $total, $order));
            if ($offset + $shown < $total) {
                $output->writeln(sprintf('Next page: --offset=%d', $offset + $shown));
            }
        } elseif ($limit === 0 || $total === 0) {
            $output->writeln(sprintf('%d match(es).', $total));
        } else {
            $output->writeln(sprintf('%d match(es); none from offset %d.', $total, $offset));
        }
        return Cli::RETURN_SUCCESS;
    }

    /**
     * A whole number option, or its default when not given.
     *
     * @param InputInterface $input
     * @param string $name
     * @param int $default
     * @return int
     * @throws LocalizedException when the value is not a whole number
     */
    private function count(InputInterface $input, string $name, int $default): int
    {
        $value = $input->getOption($name);
        if ($value === null) {
            return $default;
        }
        if (!ctype_digit((string)$value)) {
            throw new LocalizedException(__('--%1 must be a whole number, not "%2".', $name, $value));
        }
        return (int)$value;
    }
}
