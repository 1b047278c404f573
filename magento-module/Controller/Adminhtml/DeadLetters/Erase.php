<?php
/**
 * Erase all dead letters of a kind.
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
 * POST async_events/deadletters/erase with kind.
 */
class Erase extends Action implements HttpPostActionInterface
{
    /**
     * ACL resource of erasing dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_erase';

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
     * Erase and go back to the list.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $kind = (string)($this->getRequest()->getParam('kind') ?: DeadLetterManagement::KIND_DELIVERY);
        try {
            $this->messageManager->addSuccessMessage(
                __('%1 dead letter(s) erased.', $this->deadLetters->erase($kind))
            );
        } catch (LocalizedException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index', ['kind' => $kind]);
    }
}
