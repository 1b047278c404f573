<?php
/**
 * Test stand-in of Magento\Framework\Exception\AbstractAggregateException, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * An exception that can carry several errors.
 */
abstract class AbstractAggregateException extends LocalizedException
{
    /** @var LocalizedException[] */
    protected $errors = [];

    /**
     * @param Phrase $phrase
     * @param \Exception|null $cause
     * @param int $code
     */
    public function __construct(Phrase $phrase, ?\Exception $cause = null, $code = 0)
    {
        parent::__construct($phrase, $cause, $code);
    }

    /**
     * @param Phrase $phrase
     * @return $this
     */
    public function addError(Phrase $phrase)
    {
        $this->errors[] = new LocalizedException($phrase);
        return $this;
    }

    /**
     * @param LocalizedException $exception
     * @return $this
     */
    public function addException(LocalizedException $exception)
    {
        $this->errors[] = $exception;
        return $this;
    }

    /**
     * @return bool
     */
    public function wasErrorAdded()
    {
        return count($this->errors) > 0;
    }

    /**
     * @return LocalizedException[]
     */
    public function getErrors()
    {
        return $this->errors;
    }
}
