<?php
/**
 * The dead letters page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Block\Adminhtml;

use MageOS\AsyncEvents\Model\DeadLetter\DeadLetterManagement;
use MageOS\AsyncEvents\Model\DeadLetter\ExportLocation;
use MageOS\AsyncEvents\Model\DeadLetter\RetryJobRunner;
use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Magento\Framework\Exception\LocalizedException;

/**
 * One list at a time (deliveries or events), paged, newest first, with Retry the oldest, the retry
 * job (start with batch size and cooldown, stop, progress), Erase all, Export, and the exports with
 * their download links.
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
     * @var RetryJobRunner
     */
    private RetryJobRunner $retryJobRunner;

    /**
     * @var string[]
     */
    private array $errors = [];

    /**
     * @param Context $context
     * @param DeadLetterManagement $deadLetters
     * @param ExportLocation $exportLocation
     * @param RetryJobRunner $retryJobRunner
     * @param array $data
     */
    public function __construct(
        Context $context,
        DeadLetterManagement $deadLetters,
        ExportLocation $exportLocation,
        RetryJobRunner $retryJobRunner,
        array $data = []
    ) {
        parent::__construct($context, $data);
        $this->deadLetters = $deadLetters;
        $this->exportLocation = $exportLocation;
        $this->retryJobRunner = $retryJobRunner;
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
            $this->errors[] = $e->getMessage();
            return ['items' => [], 'total_count' => 0];
        }
    }

    /**
     * Get the latest retry job, or null when there never was one (or it cannot be read).
     *
     * @return array<string, mixed>|null
     */
    public function getRetryJob(): ?array
    {
        try {
            return $this->deadLetters->getRetryJob();
        } catch (LocalizedException $e) {
            $this->errors[] = $e->getMessage();
            return null;
        }
    }

    /**
     * Whether a retry job is running.
     *
     * @param array<string, mixed>|null $job
     * @return bool
     */
    public function isJobRunning(?array $job): bool
    {
        return RetryJobRunner::isRunning($job);
    }

    /**
     * Say where a retry job stands.
     *
     * @param array<string, mixed>|null $job
     * @return string
     */
    public function describeJob(?array $job): string
    {
        return (string)$this->retryJobRunner->describe($job);
    }

    /**
     * How far a retry job got, in percent.
     *
     * @param array<string, mixed>|null $job
     * @return int
     */
    public function getJobPercent(?array $job): int
    {
        return $job === null ? 0 : $this->retryJobRunner->getPercent($job);
    }

    /**
     * Get why parts of the page cannot be shown (call after reading the list and the job).
     *
     * @return string[]
     */
    public function getErrors(): array
    {
        return array_values(array_unique($this->errors));
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
