<?php
/**
 * bin/magento async-events:doctor
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\Doctor;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Prints every health check; exits 1 when one fails.
 */
class DoctorCommand extends Command
{
    /**
     * @var Doctor
     */
    private Doctor $doctor;

    /**
     * @param Doctor $doctor
     */
    public function __construct(Doctor $doctor)
    {
        $this->doctor = $doctor;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:doctor')
            ->setDescription('Checks the async_events extension, its settings, the store, the broker and the events');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $checks = $this->doctor->run();
        $table = new Table($output);
        $table->setHeaders(['Check', 'Status', 'Detail']);
        $failed = false;
        foreach ($checks as [$name, $status, $detail]) {
            $failed = $failed || $status === Doctor::FAIL;
            $label = [Doctor::OK => '<info>ok</info>', Doctor::FAIL => '<error>FAIL</error>',
                Doctor::WARN => '<comment>warn</comment>'][$status] ?? $status;
            $table->addRow([$name, $label, $detail]);
        }
        $table->render();
        return $failed ? Cli::RETURN_FAILURE : Cli::RETURN_SUCCESS;
    }
}
