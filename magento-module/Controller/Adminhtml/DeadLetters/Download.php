<?php
/**
 * Download of a dead-letter export.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\App\Filesystem\DirectoryList;
use Magento\Framework\App\Response\Http\FileFactory;
use Magento\Framework\Controller\ResultFactory;

/**
 * GET async_events/deadletters/download/file/<name>; only files of the exports folder.
 */
class Download extends Action implements HttpGetActionInterface
{
    /**
     * ACL resource of exporting dead letters.
     */
    public const ADMIN_RESOURCE = 'MageOS_AsyncEvents::async_events_dead_letters_export';

    /**
     * @var ExportLocation
     */
    private ExportLocation $exportLocation;

    /**
     * @var FileFactory
     */
    private FileFactory $fileFactory;

    /**
     * @param Context $context
     * @param ExportLocation $exportLocation
     * @param FileFactory $fileFactory
     */
    public function __construct(Context $context, ExportLocation $exportLocation, FileFactory $fileFactory)
    {
        parent::__construct($context);
        $this->exportLocation = $exportLocation;
        $this->fileFactory = $fileFactory;
    }

    /**
     * Send the file.
     *
     * @return \Magento\Framework\App\ResponseInterface|\Magento\Framework\Controller\Result\Redirect
     */
    public function execute()
    {
        $name = (string)$this->getRequest()->getParam('file');
        if ($this->exportLocation->resolve($name) === null) {
            $this->messageManager->addErrorMessage(__('There is no export named %1.', $name));
            return $this->resultFactory->create(ResultFactory::TYPE_REDIRECT)->setPath('*/*/index');
        }
        return $this->fileFactory->create(
            $name,
            ['type' => 'filename', 'value' => $this->exportLocation->getRelativePath($name)],
            DirectoryList::VAR_DIR,
            'application/json'
        );
    }
}
