<?php
/**
 * Test stand-in of Magento\Framework\Event\ObserverInterface, with the framework's real signatures (Magento 2.4).
 */
namespace Magento\Framework\Event;

/**
 * Interface \Magento\Framework\Event\ObserverInterface
 */
interface ObserverInterface
{
    /**
     * @param Observer $observer
     * @return void
     */
    public function execute(Observer $observer);
}
