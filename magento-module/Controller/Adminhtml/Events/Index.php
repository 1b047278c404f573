<?php
/**
 * Stores > Asynchronous Events > Subscribers: the subscribers grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Events;

use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\View\Result\PageFactory;

/**
 * Renders the page; its content is declared in the layout of this action.
 */
class Index extends Action implements HttpGetActionInterface
{
    /**
     * ACL resource of the page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_view';

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
     * Render the page.
     *
     * @return \Magento\Framework\View\Result\Page
     */
    public function execute()
    {
        $page = $this->pageFactory->create();
        $page->setActiveMenu('MageOS_AsyncEvents::index');
        $page->getConfig()->getTitle()->prepend(__('Asynchronous Event Subscribers'));
        return $page;
    }
}
