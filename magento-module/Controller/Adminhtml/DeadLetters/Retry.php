<?php
/**
 * Retry of one dead letter (by id, or the oldest of a kind).
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Exception\LocalizedException;

/**
 * POST async_events/deadletters/retry with id, or with kind to retry the oldest.
 */
class Retry extends Action implements HttpPostActionInterface
{
    /**
     * ACL resource of retrying dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_retry';

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     */
    public function __construct(Context $context, DeadLetterManagement $deadLetters)
    {
        parent::__construct($context);
        $this->deadLetters = $deadLetters;
    }

    /**
     * Retry and go back to the list.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $kind = (string)($this->getRequest()->getParam('kind') ?: DeadLetterManagement::KIND_DELIVERY);
        $id = (int)$this->getRequest()->getParam('id');
        try {
            if ($id > 0) {
                $created = $this->deadLetters->retry($id);
                $this->messageManager->addSuccessMessage(
                    __('Dead letter %1 retried: %2 delivery(ies) queued.', $id, $created)
                );
            } else {
                $result = $this->deadLetters->retryOldest($kind, 1);
                $this->messageManager->addSuccessMessage(
                    $result['retried'] ? __('The oldest dead letter was retried.') : __('There is no dead letter to retry.')
                );
            }
        } catch (LocalizedException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index', ['kind' => $kind]);
    }
}
