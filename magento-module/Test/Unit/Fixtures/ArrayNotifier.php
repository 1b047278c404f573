<?php
/**
 * A custom sink as a module wrote one for mageos-async-events 3.x.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Helper\NotifierResult;

/**
 * notify() takes the event as an array, so it cannot implement the 4.x NotifierInterface; it is
 * registered in NotifierFactory all the same.
 */
class ArrayNotifier extends RecordingNotifier
{
    /**
     * Deliver one event.
     *
     * @param AsyncEventInterface $asyncEvent
     * @param array $data
     * @return NotifierResult
     */
    public function notify(AsyncEventInterface $asyncEvent, array $data): NotifierResult
    {
        return $this->answer($asyncEvent, $data, $data);
    }
}
