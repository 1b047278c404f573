<?php
/**
 * Erase all dead letters of a kind.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use Magento\Framework\Phrase;

/**
 * POST async_events/deadletters/erase with kind.
 */
class Erase extends AbstractOperation
{
    /**
     * ACL resource of erasing dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_erase';

    /**
     * @inheritdoc
     */
    protected function operate(string $kind): Phrase
    {
        return __('%1 dead letter(s) erased.', $this->deadLetters->erase($kind));
    }
}
