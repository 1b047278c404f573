<?php
/**
 * Export the dead letters of a kind to a JSON file under var/export/async_events/.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Exception\LocalizedException;

/**
 * POST async_events/deadletters/export with kind; the file then appears in the page's exports list.
 */
class Export extends Action implements HttpPostActionInterface
{
    /**
     * ACL resource of exporting dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_export';

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var ExportLocation
     */
    private ExportLocation $exportLocation;

    /**
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     * @param ExportLocation $exportLocation
     */
    public function __construct(Context $context, DeadLetterManagement $deadLetters, ExportLocation $exportLocation)
    {
        parent::__construct($context);
        $this->deadLetters = $deadLetters;
        $this->exportLocation = $exportLocation;
    }

    /**
     * Export and go back to the list.
     *
     * @return \Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $kind = (string)($this->getRequest()->getParam('kind') ?: DeadLetterManagement::KIND_DELIVERY);
        try {
            $path = $this->exportLocation->newFilePath($kind);
            $count = $this->deadLetters->export($kind, $path);
            $this->messageManager->addSuccessMessage(
                __('%1 dead letter(s) exported to %2.', $count, basename($path))
            );
        } catch (LocalizedException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index', ['kind' => $kind]);
    }
}
