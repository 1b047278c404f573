<?php
/**
 * The trace page of one event: every attempt, each subscription's status, the payload, Replay.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Logs;

use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\View\Result\PageFactory;

/**
 * GET async_events/logs/trace/uuid/<uuid>; the Trace block reads the uuid from the request.
 */
class Trace extends Action implements HttpGetActionInterface
{
    /**
     * ACL resource of the trace page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_logs_trace';

    /**
     * @var PageFactory
     */
    private PageFactory $pageFactory;

    /**
     * @param Context $context
     * @param PageFactory $pageFactory
     */
    public function __construct(Context $context, PageFactory $pageFactory)
    {
        parent::__construct($context);
        $this->pageFactory = $pageFactory;
    }

    /**
     * Render the trace page, or go back to the logs without a uuid.
     *
     * @return \Magento\Framework\View\Result\Page|\Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $uuid = (string)$this->getRequest()->getParam('uuid');
        if (!preg_match('/^[0-9a-fA-F-]{36}$/', $uuid)) {
            $this->messageManager->addErrorMessage(__('Choose an event in the log to trace it.'));
            return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index');
        }
        $page = $this->pageFactory->create();
        $page->setActiveMenu('MageOS_AsyncEvents::logs');
        $page->getConfig()->getTitle()->prepend(__('Event %1', $uuid));
        return $page;
    }
}
