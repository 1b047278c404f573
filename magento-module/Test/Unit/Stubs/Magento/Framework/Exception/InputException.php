<?php
/**
 * Test stand-in of Magento\Framework\Exception\InputException, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Exception;

use Magento\Framework\Phrase;

/**
 * Exception to be thrown when there is an issue with the Input to a function call (HTTP 400).
 */
class InputException extends AbstractAggregateException
{
    /**
     * @param Phrase|null $phrase
     * @param \Exception|null $cause
     * @param int $code
     */
    public function __construct(?Phrase $phrase = null, ?\Exception $cause = null, $code = 0)
    {
        if ($phrase === null) {
            $phrase = new Phrase('One or more input exceptions have occurred.');
        }
        parent::__construct($phrase, $cause, $code);
    }

    /**
     * @param string $fieldName
     * @param string $fieldValue
     * @param \Exception|null $cause
     * @return \Magento\Framework\Exception\InputException
     */
    public static function invalidFieldValue($fieldName, $fieldValue, ?\Exception $cause = null)
    {
        return new self(
            new Phrase(
                'Invalid value of "%value" provided for the %fieldName field.',
                ['fieldName' => $fieldName, 'value' => $fieldValue]
            ),
            $cause
        );
    }

    /**
     * @param string $fieldName
     * @return \Magento\Framework\Exception\InputException
     */
    public static function requiredField($fieldName)
    {
        return new self(new Phrase('"%fieldName" is required. Enter and try again.', ['fieldName' => $fieldName]));
    }
}
