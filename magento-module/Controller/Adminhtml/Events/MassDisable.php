<?php
/**
 * Subscribers grid mass action that disables the selected subscriptions.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\Events;

/**
 * POST async_events/events/massDisable.
 */
class MassDisable extends AbstractMassStatus
{
    /**
     * ACL resource of changing subscriptions.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_save';

    /**
     * @inheritdoc
     */
    protected function getStatus(): bool
    {
        return false;
    }
}
