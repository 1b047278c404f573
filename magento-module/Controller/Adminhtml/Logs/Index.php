<?php
/**
 * Stores > Asynchronous Events > Logs: the delivery attempts grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Logs;

use MageOS\AsyncEvents\Controller\Adminhtml\AbstractPage;
use Magento\Framework\Phrase;

/**
 * GET async_events/logs/index; the content is declared in the layout of this action.
 */
class Index extends AbstractPage
{
    /**
     * ACL resource of the page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_logs_list';

    /**
     * @inheritdoc
     */
    protected function getMenuId(): string
    {
        return 'MageOS_AsyncEvents::logs';
    }

    /**
     * @inheritdoc
     */
    protected function getPageTitle(): Phrase
    {
        return __('Asynchronous Event Logs');
    }
}
