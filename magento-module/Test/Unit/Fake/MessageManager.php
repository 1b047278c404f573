<?php
/**
 * Collects the admin messages a controller adds.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\Message\ManagerInterface;

/**
 * Messages as [type, text] in the order they were added.
 */
class MessageManager implements ManagerInterface
{
    /**
     * @var array<int, array{0: string, 1: string}>
     */
    public array $messages = [];

    /**
     * @inheritdoc
     */
    public function addErrorMessage($message, $group = null)
    {
        return $this->add('error', $message);
    }

    /**
     * @inheritdoc
     */
    public function addWarningMessage($message, $group = null)
    {
        return $this->add('warning', $message);
    }

    /**
     * @inheritdoc
     */
    public function addNoticeMessage($message, $group = null)
    {
        return $this->add('notice', $message);
    }

    /**
     * @inheritdoc
     */
    public function addSuccessMessage($message, $group = null)
    {
        return $this->add('success', $message);
    }

    /**
     * Keep a message.
     *
     * @param string $type
     * @param mixed $message
     * @return $this
     */
    private function add(string $type, $message): self
    {
        $this->messages[] = [$type, (string)$message];
        return $this;
    }
}
