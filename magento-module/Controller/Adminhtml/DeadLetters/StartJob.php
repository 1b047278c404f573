<?php
/**
 * Start of the dead-letter retry job from the dead letters page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use Magento\Framework\Phrase;

/**
 * POST async_events/deadletters/startJob with kind, batch_size and cooldown (seconds); cron then
 * retries a batch whenever the cooldown has passed.
 */
class StartJob extends AbstractOperation
{
    /**
     * ACL resource of starting and stopping the retry job.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_job';

    /**
     * Defaults of the page's form.
     */
    public const DEFAULT_BATCH_SIZE = 100;
    public const DEFAULT_COOLDOWN = 60;

    /**
     * @inheritdoc
     */
    protected function operate(string $kind): Phrase
    {
        $job = $this->deadLetters->startRetryJob(
            $kind,
            (int)$this->getRequest()->getParam('batch_size', self::DEFAULT_BATCH_SIZE),
            (int)$this->getRequest()->getParam('cooldown', self::DEFAULT_COOLDOWN)
        );
        return __(
            'Retry job %1 started over %2 %3 dead letter(s): %4 every %5 second(s), run by cron.',
            $job['job_id'],
            $job['total'],
            $job['kind'],
            $job['batch_size'],
            $job['cooldown_seconds']
        );
    }
}
