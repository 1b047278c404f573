<?php
/**
 * Stores > Asynchronous Events > Dead Letters: both lists, retry, the retry job, erase, exports.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Controller\Adminhtml\AbstractPage;
use Magento\Framework\Phrase;

/**
 * GET async_events/deadletters/index; the content is declared in the layout of this action.
 */
class Index extends AbstractPage
{
    /**
     * ACL resource of the page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters';

    /**
     * @inheritdoc
     */
    protected function getMenuId(): string
    {
        return 'MageOS_AsyncEvents::dead_letters';
    }

    /**
     * @inheritdoc
     */
    protected function getPageTitle(): Phrase
    {
        return __('Asynchronous Event Dead Letters');
    }
}
