<?php
/**
 * Test stand-in of Magento\Framework\View\Result\PageFactory, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\View\Result;

/**
 * A factory that knows how to create a "page" result.
 */
class PageFactory
{
    /** @var \Magento\Framework\ObjectManagerInterface */
    private $objectManager;

    /** @var string */
    private $instanceName;

    /**
     * @param \Magento\Framework\ObjectManagerInterface $objectManager
     * @param string $instanceName
     */
    public function __construct(
        \Magento\Framework\ObjectManagerInterface $objectManager,
        $instanceName = \Magento\Framework\View\Result\Page::class
    ) {
        $this->objectManager = $objectManager;
        $this->instanceName = $instanceName;
    }

    /**
     * @param bool $isView
     * @param array $arguments
     * @return \Magento\Framework\View\Result\Page
     */
    public function create($isView = false, array $arguments = [])
    {
        return $this->objectManager->create($this->instanceName, $arguments);
    }
}
