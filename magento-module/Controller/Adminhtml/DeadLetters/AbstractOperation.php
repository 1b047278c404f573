<?php
/**
 * Base of the dead-letter page's buttons: one operation, a message, back to the list.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Phrase;

/**
 * POST with `kind` (delivery when left out): runs the operation of the concrete action, shows its
 * result or its error, and redirects to the list of that kind. Each concrete action declares its
 * own ADMIN_RESOURCE.
 */
abstract class AbstractOperation extends Action implements HttpPostActionInterface
{
    /**
     * @var DeadLetterManagement
     */
    protected DeadLetterManagement $deadLetters;

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
     * Do the operation on the dead letters of a kind.
     *
     * @param string $kind
     * @return Phrase what was done, for the success message
     * @throws LocalizedException what went wrong, for the error message
     */
    abstract protected function operate(string $kind): Phrase;

    /**
     * Operate and go back to the list.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $kind = (string)($this->getRequest()->getParam('kind') ?: DeadLetterManagement::KIND_DELIVERY);
        try {
            $this->messageManager->addSuccessMessage($this->operate($kind));
        } catch (LocalizedException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index', ['kind' => $kind]);
    }
}
