<?php
/**
 * Stores > Asynchronous Events > Subscribers: the subscribers grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Events;

use MageOS\AsyncEvents\Controller\Adminhtml\AbstractPage;
use Magento\Framework\Phrase;

/**
 * GET async_events/events/index; the content is declared in the layout of this action.
 */
class Index extends AbstractPage
{
    /**
     * ACL resource of the page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_view';

    /**
     * @inheritdoc
     */
    protected function getMenuId(): string
    {
        return 'MageOS_AsyncEvents::index';
    }

    /**
     * @inheritdoc
     */
    protected function getPageTitle(): Phrase
    {
        return __('Asynchronous Event Subscribers');
    }
}
