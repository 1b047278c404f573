<?php
/**
 * Test stand-in of Magento\Framework\View\Page\Config, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\View\Page;

/**
 * An API for page configuration (stand-in: the title).
 */
class Config
{
    /** @var Title */
    private $title;

    /**
     * @param Title|null $title
     */
    public function __construct(?Title $title = null)
    {
        $this->title = $title ?? new Title();
    }

    /**
     * @return Title
     */
    public function getTitle()
    {
        return $this->title;
    }
}
