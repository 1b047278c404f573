<?php
/**
 * Test stand-in of Magento\Framework\Event, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework;

/**
 * An event as dispatched to observers: its name and the data the dispatcher passed.
 */
class Event extends \Magento\Framework\DataObject
{
    /**
     * @return string
     */
    public function getName()
    {
        return isset($this->_data['name']) ? $this->_data['name'] : null;
    }
}
