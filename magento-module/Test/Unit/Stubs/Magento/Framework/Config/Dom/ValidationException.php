<?php
/**
 * Test stand-in of Magento\Framework\Config\Dom\ValidationException, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config\Dom;

/**
 * DOM validation exception.
 */
class ValidationException extends \InvalidArgumentException
{
}
