<?php
/**
 * What the test notifiers share: scripted answers and the calls they got.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Helper\NotifierResult;

/**
 * Keeps every call; answers each with the next of the scripted results (a result, or an
 * exception to throw), the last one repeating. Subclasses are written as sink modules write them.
 */
abstract class RecordingNotifier
{
    /**
     * @var array<int, array{subscription: AsyncEventInterface, event: mixed, data: array}>
     */
    public array $calls = [];

    /**
     * @var array<int, NotifierResult|\Throwable>
     */
    private array $script;

    /**
     * @param array<int, NotifierResult|\Throwable> $script
     */
    public function __construct(array $script)
    {
        $this->script = $script;
    }

    /**
     * A result as notifiers build it.
     *
     * @param bool $success
     * @param string $response
     * @param bool $retryable
     * @return NotifierResult
     */
    public static function result(bool $success, string $response, bool $retryable = false): NotifierResult
    {
        $result = new NotifierResult();
        $result->setIsSuccessful($success);
        $result->setResponseData($response);
        $result->setIsRetryable($retryable);
        return $result;
    }

    /**
     * Record a call and give the scripted answer.
     *
     * @param AsyncEventInterface $asyncEvent
     * @param mixed $event what notify() was given
     * @param array $data the event as an array
     * @return NotifierResult
     */
    protected function answer(AsyncEventInterface $asyncEvent, $event, array $data): NotifierResult
    {
        $this->calls[] = ['subscription' => $asyncEvent, 'event' => $event, 'data' => $data];
        $answer = $this->script[min(count($this->calls), count($this->script)) - 1];
        if ($answer instanceof \Throwable) {
            throw $answer;
        }
        $answer->setSubscriptionId((int)$asyncEvent->getSubscriptionId());
        $answer->setAsyncEventData($data);
        return $answer;
    }
}
