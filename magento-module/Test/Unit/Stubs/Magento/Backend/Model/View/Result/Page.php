<?php
/**
 * Test stand-in of Magento\Backend\Model\View\Result\Page, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\Model\View\Result;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;

/**
 * A backend page (stand-in: the active menu item is remembered and written with the title).
 */
class Page extends \Magento\Framework\View\Result\Page
{
    /** @var string|null */
    private $activeMenu;

    /**
     * @param string $itemId
     * @return $this
     */
    public function setActiveMenu($itemId)
    {
        $this->activeMenu = $itemId;
        return $this;
    }

    /**
     * @param string $label
     * @param string $title
     * @param string|null $link
     * @return $this
     */
    public function addBreadcrumb($label, $title, $link = null)
    {
        return $this;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    protected function render(HttpResponseInterface $response)
    {
        parent::render($response);
        $response->appendBody('<nav data-active-menu="' . htmlspecialchars((string)$this->activeMenu) . '"></nav>');
        return $this;
    }
}
