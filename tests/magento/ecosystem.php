<?php
/**
 * Ecosystem check of scripts/test-magento (check.py ecosystem), inside the real Magento where the
 * mageos-async-events 4.x sink packages are installed beside MageOS_AsyncEvents: prints, as JSON, what
 * Magento's object manager builds for each sink name of the NotifierFactory (the packages register theirs
 * through di.xml) and the AWS settings the module passes to the extension; with `seed-token TOKEN`, first
 * puts an Entra ID token in Magento's cache where the Azure sink looks for it (no Azure login here); with
 * `admin-ui-save JSON`, saves a subscription of those fields with the admin UI package's SaveCommand (as its
 * Save controller does: a new subscription from AsyncEventInterfaceFactory, addData()) and prints its id.
 *
 * Usage (with the async_events extension loaded): php ecosystem.php MAGENTO_DIR [seed-token TOKEN | admin-ui-save JSON]
 */
declare(strict_types=1);

use Magento\Framework\App\Area;
use Magento\Framework\App\Bootstrap;
use Magento\Framework\App\CacheInterface;
use Magento\Framework\App\State;
use MageOS\AsyncEvents\Api\Data\AsyncEventInterfaceFactory;
use MageOS\AsyncEvents\Model\Extension\ConfigProvider;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierFactory;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierInterface;

$magentoDir = $argv[1];
require $magentoDir . '/app/bootstrap.php';
$objectManager = Bootstrap::create(BP, $_SERVER)->getObjectManager();
$objectManager->get(State::class)->setAreaCode(Area::AREA_CRONTAB);

if (($argv[2] ?? '') === 'seed-token') {
    // The key and tag MageOS\AsyncEventsAzure\Model\EntraToken reads for Event Grid's scope
    $objectManager->get(CacheInterface::class)
        ->save($argv[3], 'azure_api_token_' . md5('https://eventgrid.azure.net/.default'), ['azure_api'], 3300);
}

if (($argv[2] ?? '') === 'admin-ui-save') {
    $subscription = $objectManager->get(AsyncEventInterfaceFactory::class)->create();
    $subscription->addData(json_decode($argv[3], true, 512, JSON_THROW_ON_ERROR));
    $saveCommand = $objectManager->get('MageOS\AsyncEventsAdminUi\Command\AsyncEvent\SaveCommand');
    echo json_encode(['subscription_id' => $saveCommand->execute($subscription)]), "\n";
    return;
}

$notifiers = [];
$factory = $objectManager->get(NotifierFactory::class);
foreach (['eventgrid', 'eventbridge', 'sqs'] as $name) {
    try {
        $notifier = $factory->create($name);
        $notifiers[$name] = ['class' => get_class($notifier), 'notifier' => $notifier instanceof NotifierInterface];
    } catch (\Throwable $e) {
        $notifiers[$name] = ['error' => get_class($e) . ': ' . $e->getMessage()];
    }
}
$settings = $objectManager->get(ConfigProvider::class)->getConfig();
echo json_encode([
    'notifiers' => $notifiers,
    'aws' => array_intersect_key($settings, array_flip(['aws_region', 'aws_access_key_id', 'eventbridge_source'])),
    'aws_secret_set' => isset($settings['aws_secret_access_key']),
]), "\n";
