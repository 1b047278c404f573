<?php
/**
 * Test stand-in of Magento\Framework\Exception\LocalizedException, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * Localized exception.
 */
class LocalizedException extends \Exception
{
    /** @var Phrase */
    protected $phrase;

    /**
     * @param Phrase $phrase
     * @param \Exception|null $cause
     * @param int $code
     */
    public function __construct(Phrase $phrase, ?\Exception $cause = null, $code = 0)
    {
        $this->phrase = $phrase;
        parent::__construct($phrase->render(), (int)$code, $cause);
    }

    /**
     * @return string
     */
    public function getRawMessage()
    {
        return $this->phrase->getText();
    }

    /**
     * @return array
     */
    public function getParameters()
    {
        return $this->phrase->getArguments();
    }

    /**
     * @return string
     */
    public function getLogMessage()
    {
        return $this->phrase->render();
    }
}
