<?php
/**
 * Crash test of scripts/test-magento (check.py outbox): saves a customer through Magento's customer repository
 * inside a transaction of Magento's default connection, so that the fixture module's observer publishes
 * fixture.customer.saved into the transactional outbox, commits, prints the customer's id and kills itself with
 * SIGKILL: no shutdown function, destructor or consumer runs after the commit.
 *
 * Usage (with the async_events extension loaded): php crash-after-commit.php MAGENTO_DIR EMAIL
 */
declare(strict_types=1);

use Magento\Customer\Api\CustomerRepositoryInterface;
use Magento\Customer\Api\Data\CustomerInterfaceFactory;
use Magento\Framework\App\Area;
use Magento\Framework\App\Bootstrap;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\App\State;

[, $magentoDir, $email] = $argv;
require $magentoDir . '/app/bootstrap.php';
$objectManager = Bootstrap::create(BP, $_SERVER)->getObjectManager();
$objectManager->get(State::class)->setAreaCode(Area::AREA_GLOBAL);

$customer = $objectManager->get(CustomerInterfaceFactory::class)->create();
$customer->setEmail($email)->setFirstname('Crash')->setLastname('After Commit')
    ->setWebsiteId(1)->setStoreId(1)->setGroupId(1);
$connection = $objectManager->get(ResourceConnection::class)->getConnection();
$connection->beginTransaction();
$saved = $objectManager->get(CustomerRepositoryInterface::class)->save($customer);
$connection->commit();

echo json_encode(['customer_id' => (int)$saved->getId(), 'transaction_level' => $connection->getTransactionLevel()]), "\n";
posix_kill(getmypid(), defined('SIGKILL') ? SIGKILL : 9);
sleep(30);
exit(3);   // not reached
