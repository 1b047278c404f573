<?php
/**
 * Test stand-in of Magento\Framework\View\Result\Page, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\View\Result;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;
use Magento\Framework\Controller\AbstractResult;

/**
 * A page result (stand-in: the page configuration; render() writes only the title, as layouts are
 * not rendered in the tests).
 */
class Page extends AbstractResult
{
    /** @var \Magento\Framework\View\Page\Config */
    protected $pageConfig;

    /**
     * @param \Magento\Framework\View\Page\Config|null $pageConfig
     */
    public function __construct(?\Magento\Framework\View\Page\Config $pageConfig = null)
    {
        $this->pageConfig = $pageConfig ?? new \Magento\Framework\View\Page\Config();
    }

    /**
     * @return \Magento\Framework\View\Page\Config
     */
    public function getConfig()
    {
        return $this->pageConfig;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    protected function render(HttpResponseInterface $response)
    {
        $response->appendBody('<title>' . htmlspecialchars($this->pageConfig->getTitle()->get()) . '</title>');
        return $this;
    }
}
