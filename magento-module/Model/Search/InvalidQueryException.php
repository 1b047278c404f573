<?php
/**
 * A search query the extension could not parse.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Search;

use Magento\Framework\Exception\LocalizedException;

/**
 * Carries the extension's message as it is: what is wrong, the query, and a line with a caret under
 * the position (show it in a monospace font to keep the caret in place).
 */
class InvalidQueryException extends LocalizedException
{
}
