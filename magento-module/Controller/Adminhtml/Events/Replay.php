<?php
/**
 * Replay button of the trace page.
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
 * POST async_events/events/replay (the route of mageos-async-events) with uuid and optionally
 * subscription_id, as plain parameters or inside `general` as the reference's trace form posts
 * them (its serialized_data is not needed: the store keeps the payload): starts a new delivery
 * chain under the same uuid, whatever the event's status.
 */
class Replay extends Action implements HttpPostActionInterface
{
    /**
     * ACL resource of replaying.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_logs_replay';

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
     * Replay and go back to the trace.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $params = $this->getRequest()->getParams();
        if (isset($params['general']) && is_array($params['general'])) {
            $params = $params['general'];
        }
        $uuid = (string)($params['uuid'] ?? '');
        $subscription = $params['subscription_id'] ?? null;
        try {
            $created = $this->clientProvider->getClient()->replay(
                $uuid,
                $subscription === null || $subscription === '' ? null : (int)$subscription
            );
            $this->messageManager->addSuccessMessage(
                __('Event %1 replayed: %2 delivery(ies) queued.', $uuid, $created)
            );
        } catch (AsyncEventsException | LocalizedException $e) {
            $this->messageManager->addErrorMessage(__('Event %1 cannot be replayed: %2', $uuid, $e->getMessage()));
        }
        return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/logs/trace', ['uuid' => $uuid]);
    }
}
