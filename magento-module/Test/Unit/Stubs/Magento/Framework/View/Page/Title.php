<?php
/**
 * Test stand-in of Magento\Framework\View\Page\Title, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\View\Page;

/**
 * Page title (stand-in: set, prepend, append and get, without the configured prefix and suffix;
 * empty parts are left out).
 */
class Title
{
    public const TITLE_GLUE = ' / ';

    /** @var string */
    private $textValue = '';

    /** @var string[] */
    private $prependedValues = [];

    /** @var string[] */
    private $appendedValues = [];

    /**
     * @param string $title
     * @return $this
     */
    public function set($title)
    {
        $this->textValue = $title;
        return $this;
    }

    /**
     * @return string
     */
    public function get()
    {
        $parts = array_merge($this->prependedValues, [$this->textValue], $this->appendedValues);
        return implode(self::TITLE_GLUE, array_filter(array_map('strval', $parts), 'strlen'));
    }

    /**
     * @return string
     */
    public function getShort()
    {
        return (string)$this->textValue;
    }

    /**
     * @param string $suffix
     * @return void
     */
    public function append($suffix)
    {
        $this->appendedValues[] = $suffix;
    }

    /**
     * @param string $prefix
     * @return void
     */
    public function prepend($prefix)
    {
        array_unshift($this->prependedValues, $prefix);
    }
}
