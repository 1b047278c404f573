<?php
/**
 * Stop of the dead-letter retry job from the dead letters page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use Magento\Framework\Phrase;

/**
 * POST async_events/deadletters/stopJob; dead letters retried so far stay retried.
 */
class StopJob extends AbstractOperation
{
    /**
     * ACL resource of starting and stopping the retry job.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_job';

    /**
     * @inheritdoc
     */
    protected function operate(string $kind): Phrase
    {
        $job = $this->deadLetters->stopRetryJob();
        if ($job === null) {
            return __('There is no retry job to stop.');
        }
        return __('Retry job %1 is %2: %3 of %4 dead letter(s) retried.', $job['job_id'], $job['status'], $job['retried'], $job['total']);
    }
}
