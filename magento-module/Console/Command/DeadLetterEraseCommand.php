<?php
/**
 * bin/magento async-events:dlq:erase
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Question\ConfirmationQuestion;

/**
 * Erases every dead letter (of one kind, or both); asks first unless --force.
 */
class DeadLetterEraseCommand extends Command
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
        $this->setName('async-events:dlq:erase')
            ->setDescription('Erases dead letters (export them first with async-events:dlq:export)')
            ->addOption('kind', 'k', InputOption::VALUE_REQUIRED, 'delivery or event; both when left out')
            ->addOption('force', 'f', InputOption::VALUE_NONE, 'Do not ask for confirmation');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $kind = $input->getOption('kind');
        $kind = $kind === null ? null : (string)$kind;
        if (!$input->getOption('force')) {
            $question = new ConfirmationQuestion(
                sprintf('Erase every %s dead letter? [y/N] ', $kind ?? 'delivery and event'),
                false
            );
            if (!$this->getHelper('question')->ask($input, $output, $question)) {
                $output->writeln('Nothing erased.');
                return Cli::RETURN_SUCCESS;
            }
        }
        $output->writeln(sprintf('<info>%d dead letters erased.</info>', $this->deadLetters->erase($kind)));
        return Cli::RETURN_SUCCESS;
    }
}
