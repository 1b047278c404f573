<?php
/**
 * The dead letters page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Block\Adminhtml;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Magento\Framework\Exception\LocalizedException;

/**
 * One list at a time (deliveries or events), paged, newest first, with Retry per entry, Retry the
 * oldest, Erase all, Export, and the exports with their download links.
 */
class DeadLetters extends Template
{
    /**
     * Entries per page.
     */
    public const PAGE_SIZE = 50;

    /**
     * @var string
     */
    protected $_template = 'MageOS_AsyncEvents::dead_letters.phtml';

    /**
     * @var DeadLetterManagement
     */
    private DeadLetterManagement $deadLetters;

    /**
     * @var ExportLocation
     */
    private ExportLocation $exportLocation;

    /**
     * @var string|null
     */
    private ?string $error = null;

    /**
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     * @param ExportLocation $exportLocation
     * @param array $data
     */
    public function __construct(
        Context $context,
        DeadLetterManagement $deadLetters,
        ExportLocation $exportLocation,
        array $data = []
    ) {
        parent::__construct($context, $data);
        $this->deadLetters = $deadLetters;
        $this->exportLocation = $exportLocation;
    }

    /**
     * Get the list shown: delivery or event.
     *
     * @return string
     */
    public function getKind(): string
    {
        $kind = (string)$this->getRequest()->getParam('kind');
        return in_array($kind, DeadLetterManagement::KINDS, true) ? $kind : DeadLetterManagement::KIND_DELIVERY;
    }

    /**
     * Get the page number shown.
     *
     * @return int
     */
    public function getPage(): int
    {
        return max(1, (int)$this->getRequest()->getParam('p'));
    }

    /**
     * Get the page of dead letters.
     *
     * @return array{items: array<int, array<string, mixed>>, total_count: int}
     */
    public function getDeadLetters(): array
    {
        try {
            return $this->deadLetters->getList($this->getKind(), self::PAGE_SIZE, ($this->getPage() - 1) * self::PAGE_SIZE);
        } catch (LocalizedException $e) {
            $this->error = $e->getMessage();
            return ['items' => [], 'total_count' => 0];
        }
    }

    /**
     * Get why the list cannot be shown.
     *
     * @return string|null
     */
    public function getError(): ?string
    {
        return $this->error;
    }

    /**
     * Get the exports, newest first.
     *
     * @return array<int, array{name: string, size: int, modified: int}>
     */
    public function getExports(): array
    {
        return $this->exportLocation->listExports();
    }

    /**
     * Whether the admin user holds an ACL resource.
     *
     * @param string $resource
     * @return bool
     */
    public function isAllowed(string $resource): bool
    {
        return $this->_authorization->isAllowed($resource);
    }
}
