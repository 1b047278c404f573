<?php
/**
 * Test stand-in of Magento\Framework\Phrase, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework;

/**
 * A translatable text with %1 / %name placeholders.
 */
class Phrase implements \JsonSerializable
{
    /** @var string */
    private $text;

    /** @var array */
    private $arguments;

    /**
     * @param string $text
     * @param array $arguments
     */
    public function __construct($text, array $arguments = [])
    {
        $this->text = (string)$text;
        $this->arguments = $arguments;
    }

    /**
     * @return string
     */
    public function render()
    {
        $search = [];
        $replace = [];
        foreach ($this->arguments as $key => $value) {
            $search[] = is_int($key) ? '%' . ($key + 1) : '%' . $key;
            $replace[] = is_array($value) ? implode(', ', $value) : (string)$value;
        }
        // Longest placeholders first, so that %10 is not read as %1 followed by 0.
        array_multisort(array_map('strlen', $search), SORT_DESC, $search, $replace);
        return str_replace($search, $replace, $this->text);
    }

    /**
     * @return string
     */
    public function getText()
    {
        return $this->text;
    }

    /**
     * @return array
     */
    public function getArguments()
    {
        return $this->arguments;
    }

    /**
     * @return string
     */
    public function __toString()
    {
        return $this->render();
    }

    /**
     * @return string
     */
    #[\ReturnTypeWillChange]
    public function jsonSerialize()
    {
        return $this->render();
    }
}
