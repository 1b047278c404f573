<?php
/**
 * The trace page of one event: every attempt, each subscription's status, the payload, Replay.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Logs;

use MageOS\AsyncEvents\Controller\Adminhtml\AbstractPage;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Phrase;

/**
 * GET async_events/logs/trace/uuid/<uuid>; the Trace block reads the uuid from the request.
 */
class Trace extends AbstractPage
{
    /**
     * ACL resource of the trace page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_logs_trace';

    /**
     * Render the trace page, or go back to the logs without a uuid.
     *
     * @return \Magento\Framework\View\Result\Page|\Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        if (!preg_match('/^[0-9a-fA-F-]{36}$/', $this->getUuid())) {
            $this->messageManager->addErrorMessage(__('Choose an event in the log to trace it.'));
            return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index');
        }
        return parent::execute();
    }

    /**
     * @inheritdoc
     */
    protected function getMenuId(): string
    {
        return 'MageOS_AsyncEvents::logs';
    }

    /**
     * @inheritdoc
     */
    protected function getPageTitle(): Phrase
    {
        return __('Event %1', $this->getUuid());
    }

    /**
     * The uuid asked for.
     *
     * @return string
     */
    private function getUuid(): string
    {
        return (string)$this->getRequest()->getParam('uuid');
    }
}
