<?php
/**
 * Retry of the oldest dead letter of a kind.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use Magento\Framework\Phrase;

/**
 * POST async_events/deadletters/retry with kind.
 */
class Retry extends AbstractOperation
{
    /**
     * ACL resource of retrying dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_retry';

    /**
     * @inheritdoc
     */
    protected function operate(string $kind): Phrase
    {
        return $this->deadLetters->retry($kind, 1)
            ? __('The oldest dead letter was retried.')
            : __('No dead letter was retried: the list is empty, or its oldest entry belonged to a deleted '
                . 'subscription and was dropped.');
    }
}
