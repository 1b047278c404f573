<?php
/**
 * Test stand-in of Magento\Framework\Exception\AuthorizationException, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * Authorization service exception (HTTP 401).
 */
class AuthorizationException extends LocalizedException
{
    /**
     * @param Phrase|null $phrase
     * @param \Exception|null $cause
     * @param int $code
     */
    public function __construct(?Phrase $phrase = null, ?\Exception $cause = null, $code = 0)
    {
        if ($phrase === null) {
            $phrase = new Phrase('Authorization exception');
        }
        parent::__construct($phrase, $cause, $code);
    }
}
