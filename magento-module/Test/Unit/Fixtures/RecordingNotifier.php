<?php
/**
 * A custom sink as a module writes one for mageos-async-events.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fixtures;

use MageOS\AsyncEvents\Api\Data\AsyncEventInterface;
use MageOS\AsyncEvents\Helper\NotifierResult;
use MageOS\AsyncEvents\Service\AsyncEvent\NotifierInterface;

/**
 * Keeps every call; answers each with the next of the scripted results (a result, or an
 * exception to throw), the last one repeating.
 */
class RecordingNotifier implements NotifierInterface
{
    /**
     * @var array<int, array{subscription: AsyncEventInterface, data: array}>
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
     * @inheritdoc
     */
    public function notify(AsyncEventInterface $asyncEvent, array $data): NotifierResult
    {
        $this->calls[] = ['subscription' => $asyncEvent, 'data' => $data];
        $answer = $this->script[min(count($this->calls), count($this->script)) - 1];
        if ($answer instanceof \Throwable) {
            throw $answer;
        }
        $answer->setSubscriptionId((int)$asyncEvent->getSubscriptionId());
        $answer->setAsyncEventData($data);
        return $answer;
    }
}
