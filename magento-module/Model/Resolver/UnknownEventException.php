<?php
/**
 * Raised when a published event is not declared in any async_events.xml.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Resolver;

use Magento\Framework\Exception\LocalizedException;

/**
 * The consumer dead-letters the event with this exception's message.
 */
class UnknownEventException extends LocalizedException
{
}
