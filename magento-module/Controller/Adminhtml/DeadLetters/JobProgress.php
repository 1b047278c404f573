<?php
/**
 * Progress of the dead-letter retry job, polled by the dead letters page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Exception\LocalizedException;

/**
 * GET async_events/deadletters/jobProgress: JSON {job, running, percent, text} of the latest job
 * (job null when there never was one), or {error}.
 */
class JobProgress extends Action implements HttpGetActionInterface
{
    /**
     * ACL resource of the dead letters page.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters';

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var RetryJobRunner
     */
    private RetryJobRunner $runner;

    /**
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     * @param RetryJobRunner $runner
     */
    public function __construct(Context $context, DeadLetterManagement $deadLetters, RetryJobRunner $runner)
    {
        parent::__construct($context);
        $this->deadLetters = $deadLetters;
        $this->runner = $runner;
    }

    /**
     * Answer the job's progress.
     *
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        $result = $this->resultFactory->create(ResultFactory::TYPE_JSON);
        try {
            $job = $this->deadLetters->getRetryJob();
        } catch (LocalizedException $e) {
            return $result->setData(['error' => $e->getMessage()]);
        }
        return $result->setData([
            'job' => $job,
            'running' => RetryJobRunner::isRunning($job),
            'percent' => $job === null ? null : $this->runner->getPercent($job),
            'text' => (string)$this->runner->describe($job),
        ]);
    }
}
