<?php
/**
 * Test stand-in of app/functions.php, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
/**
 * Magento's translation helper (app/functions.php).
 *
 * @param array $argc
 * @return \Magento\Framework\Phrase
 */
function __(...$argc)
{
    $text = array_shift($argc);
    if (!empty($argc) && is_array($argc[0])) {
        $argc = $argc[0];
    }
    return new \Magento\Framework\Phrase($text, $argc);
}
