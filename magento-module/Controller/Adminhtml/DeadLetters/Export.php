<?php
/**
 * Export the dead letters of a kind to a JSON file under var/export/async_events/.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Phrase;

/**
 * POST async_events/deadletters/export with kind; the file then appears in the page's exports list.
 */
class Export extends AbstractOperation
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
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     * @param ExportLocation $exportLocation
     */
    public function __construct(Context $context, DeadLetterManagement $deadLetters, ExportLocation $exportLocation)
    {
        parent::__construct($context, $deadLetters);
        $this->exportLocation = $exportLocation;
    }

    /**
     * @inheritdoc
     */
    protected function operate(string $kind): Phrase
    {
        $path = $this->exportLocation->newFilePath($kind);
        $count = $this->deadLetters->export($kind, $path);
        return __('%1 dead letter(s) exported to %2.', $count, basename($path));
    }
}
