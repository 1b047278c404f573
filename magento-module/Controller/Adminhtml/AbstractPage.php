<?php
/**
 * Base of the module's admin pages: a layout page under its menu entry, with its title.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml;

use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Phrase;
use Magento\Framework\View\Result\PageFactory;

/**
 * The page's content is declared in the layout of each action; a concrete page names its menu
 * entry and title, and declares its own ADMIN_RESOURCE.
 */
abstract class AbstractPage extends Action implements HttpGetActionInterface
{
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
     * The menu entry shown as active.
     *
     * @return string
     */
    abstract protected function getMenuId(): string;

    /**
     * The page's title.
     *
     * @return Phrase
     */
    abstract protected function getPageTitle(): Phrase;

    /**
     * Render the page.
     *
     * @return \Magento\Framework\View\Result\Page
     */
    public function execute()
    {
        $page = $this->pageFactory->create();
        $page->setActiveMenu($this->getMenuId());
        $page->getConfig()->getTitle()->prepend($this->getPageTitle());
        return $page;
    }
}
