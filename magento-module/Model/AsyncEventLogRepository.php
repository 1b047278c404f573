<?php
/**
 * Saves delivery attempts as mageos-async-events 4.x's AsyncEventLogRepository did.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model;

use MageOS\AsyncEvents\Model\ResourceModel\AsyncEventLog as AsyncEventLogResource;
use Magento\Framework\Exception\AlreadyExistsException;

/**
 * Writes an attempt into the log through its resource model.
 */
class AsyncEventLogRepository
{
    /**
     * @param AsyncEventLogResource $asyncEventLogResource
     */
    public function __construct(private readonly AsyncEventLogResource $asyncEventLogResource)
    {
    }

    /**
     * Save an attempt.
     *
     * @param AsyncEventLog $asyncEvent
     * @return void
     * @throws AlreadyExistsException
     */
    public function save(AsyncEventLog $asyncEvent): void
    {
        $this->asyncEventLogResource->save($asyncEvent);
    }
}
