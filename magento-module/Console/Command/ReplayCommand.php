<?php
/**
 * bin/magento async-events:replay UUID...
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Starts a new delivery chain for each event under its own uuid, whatever its status.
 */
class ReplayCommand extends Command
{
    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @param ClientProvider $clientProvider
     */
    public function __construct(ClientProvider $clientProvider)
    {
        $this->clientProvider = $clientProvider;
        parent::__construct();
    }

    /**
     * @inheritdoc
     */
    protected function configure(): void
    {
        $this->setName('async-events:replay')
            ->setDescription('Replays events (any status) to their subscriptions, under the same uuid')
            ->addArgument('uuid', InputArgument::REQUIRED | InputArgument::IS_ARRAY, 'Event uuids')
            ->addOption('subscription', 's', InputOption::VALUE_REQUIRED, 'Replay to this subscription id only');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $uuids = (array)$input->getArgument('uuid');
        $subscription = $input->getOption('subscription');
        $subscriptionId = $subscription === null ? null : (int)$subscription;
        $client = $this->clientProvider->getClient();
        $progress = new ProgressBar($output, count($uuids));
        $created = 0;
        $errors = [];
        foreach ($uuids as $uuid) {
            try {
                $created += $client->replay((string)$uuid, $subscriptionId);
            } catch (AsyncEventsException $e) {
                $errors[] = "$uuid: " . $e->getMessage();
            }
            $progress->advance();
        }
        $progress->finish();
        $output->writeln('');
        $output->writeln(sprintf(
            '<info>%d deliveries queued for %d event(s).</info> Run event.retry.consumer (or event.trigger.consumer) to send them.',
            $created,
            count($uuids) - count($errors)
        ));
        foreach ($errors as $error) {
            $output->writeln("<error>$error</error>");
        }
        return $errors ? Cli::RETURN_FAILURE : Cli::RETURN_SUCCESS;
    }
}
