<?php
/**
 * Test stand-in of Magento\Framework\Event\Observer, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Event;

/**
 * What an observer's execute() receives: the observer's settings and the event.
 */
class Observer extends \Magento\Framework\DataObject
{
    /**
     * @return string
     */
    public function getEventName()
    {
        return $this->getData('event_name');
    }

    /**
     * Get observer event object
     *
     * @return \Magento\Framework\Event
     */
    public function getEvent()
    {
        return $this->getData('event');
    }

    /**
     * @param mixed $data
     * @return \Magento\Framework\DataObject
     */
    public function setEvent($data)
    {
        return $this->setData('event', $data);
    }
}
