<?php
/**
 * bin/magento async-events:subscriber:list
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Console\Command;

use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Framework\Console\Cli;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * Lists subscriptions (never their tokens).
 */
class SubscriberListCommand extends Command
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
        $this->setName('async-events:subscriber:list')
            ->setDescription('Lists the subscriptions')
            ->addOption('event', 'e', InputOption::VALUE_REQUIRED, 'Only this event')
            ->addOption('enabled', null, InputOption::VALUE_NONE, 'Only enabled subscriptions')
            ->addOption('disabled', null, InputOption::VALUE_NONE, 'Only disabled subscriptions');
        parent::configure();
    }

    /**
     * @inheritdoc
     */
    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $filter = [];
        if ($input->getOption('event') !== null) {
            $filter['event_name'] = strtolower((string)$input->getOption('event'));
        }
        if ($input->getOption('enabled') xor $input->getOption('disabled')) {
            $filter['status'] = (bool)$input->getOption('enabled');
        }
        $rows = $this->clientProvider->getClient()->listSubscriptions($filter ?: null);
        $table = new Table($output);
        $table->setHeaders(['ID', 'Event', 'Recipient', 'Sink', 'Store', 'Status', 'Subscribed at']);
        foreach ($rows as $row) {
            $table->addRow([
                $row['subscription_id'],
                $row['event_name'],
                $row['recipient_url'],
                $row['metadata'] ?? 'http',
                $row['store_id'] ?? 0,
                !empty($row['status']) ? 'enabled' : 'disabled' . (!empty($row['disabled_reason']) ? ' (' . $row['disabled_reason'] . ')' : ''),
                $row['subscribed_at'] ?? '',
            ]);
        }
        $table->render();
        $output->writeln(sprintf('%d subscription(s)', count($rows)));
        return Cli::RETURN_SUCCESS;
    }
}
