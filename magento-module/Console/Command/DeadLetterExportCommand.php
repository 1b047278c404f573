<?php
/**
 * bin/magento async-events:dlq:export
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Writes every dead letter of a kind, with all attributes, to a JSON file (by default under
 * var/export/async_events/, where the admin's Dead Letters page lists it).
 */
class DeadLetterExportCommand extends Command
{
    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var ExportLocation
     */
    private ExportLocation $exportLocation;

    /**
     * @param DeadLetterManagement $deadLetters
     * @param ExportLocation $exportLocation
     */
    public function __construct(DeadLetterManagement $deadLetters, ExportLocation $exportLocation)
    {
        $this->deadLetters = $deadLetters;
        $this->exportLocation = $exportLocation;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:dlq:export')
            ->setDescription('Exports dead letters to a JSON file')
            ->addArgument('file', InputArgument::OPTIONAL, 'Where to write (default: var/export/async_events/...)')
            ->addOption('kind', 'k', InputOption::VALUE_REQUIRED, 'delivery or event', DeadLetterManagement::KIND_DELIVERY);
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $kind = (string)$input->getOption('kind');
        $file = (string)($input->getArgument('file') ?: $this->exportLocation->newFilePath($kind));
        $written = $this->deadLetters->export($kind, $file);
        $output->writeln(sprintf('<info>%d %s dead letter(s) written to %s</info>', $written, $kind, $file));
        return Cli::RETURN_SUCCESS;
    }
}
