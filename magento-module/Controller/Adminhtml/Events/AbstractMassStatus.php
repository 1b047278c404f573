<?php
/**
 * Mass enable/disable of subscribers from the grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Events;

use AsyncEvents\Exception\AsyncEventsException;
use MageOS\AsyncEvents\Model\Extension\ClientProvider;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Exception\LocalizedException;

/**
 * Reads the grid's selection (`selected` ids, or `excluded` ids / "false" for "select all") and
 * sets every chosen subscription's status.
 */
abstract class AbstractMassStatus extends Action implements HttpPostActionInterface
{
    /**
     * ACL resource of changing subscriptions.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_save';

    /**
     * @var ClientProvider
     */
    private ClientProvider $clientProvider;

    /**
     * @param Context $context
     * @param ClientProvider $clientProvider
     */
    public function __construct(Context $context, ClientProvider $clientProvider)
    {
        parent::__construct($context);
        $this->clientProvider = $clientProvider;
    }

    /**
     * The status to set.
     *
     * @return bool
     */
    abstract protected function getStatus(): bool;

    /**
     * Set the status of the selected subscriptions.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $redirect = $this->resultFactory->create(ResultFactory::TYPE_REDIRECT);
        $redirect->setPath('*/*/index');
        try {
            $client = $this->clientProvider->getClient();
            $changed = 0;
            foreach ($this->selectedIds($client->listSubscriptions(null)) as $id) {
                $this->getStatus() ? $client->enableSubscription($id) : $client->disableSubscription($id);
                $changed++;
            }
            $this->messageManager->addSuccessMessage(
                $this->getStatus()
                    ? __('%1 subscription(s) enabled.', $changed)
                    : __('%1 subscription(s) disabled.', $changed)
            );
        } catch (AsyncEventsException | LocalizedException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $redirect;
    }

    /**
     * The subscription ids the grid's selection names.
     *
     * @param array<int, array<string, mixed>> $subscriptions every subscription
     * @return int[]
     */
    private function selectedIds(array $subscriptions): array
    {
        $all = array_map(static fn ($row) => (int)$row['subscription_id'], $subscriptions);
        $selected = $this->getRequest()->getParam('selected');
        $excluded = $this->getRequest()->getParam('excluded');
        if (is_array($selected)) {
            return array_values(array_intersect($all, array_map('intval', $selected)));
        }
        if ($excluded === 'false') {
            return $all;
        }
        if (is_array($excluded)) {
            return array_values(array_diff($all, array_map('intval', $excluded)));
        }
        return [];
    }
}
