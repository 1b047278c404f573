<?php
/**
 * Test stand-in of Magento\Framework\Config\ConverterInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Config DOM-to-array converter interface.
 */
interface ConverterInterface
{
    /**
     * @param \DOMDocument $source
     * @return array
     */
    public function convert($source);
}
