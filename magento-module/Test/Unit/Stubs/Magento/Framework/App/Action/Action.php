<?php
/**
 * Test stand-in of Magento\Framework\App\Action\Action, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Action;

use Magento\Framework\App\RequestInterface;

/**
 * Default implementation of application action controller (stand-in: dispatch() runs execute();
 * events, profiler and action flags are left out).
 */
abstract class Action extends AbstractAction
{
    /** @var \Magento\Framework\Message\ManagerInterface */
    protected $messageManager;

    /**
     * @param Context $context
     */
    public function __construct(Context $context)
    {
        parent::__construct($context);
        $this->messageManager = $context->getMessageManager();
    }

    /**
     * @param RequestInterface $request
     * @return \Magento\Framework\Controller\ResultInterface|\Magento\Framework\App\ResponseInterface
     */
    public function dispatch(RequestInterface $request)
    {
        $this->_request = $request;
        $result = $this->execute();
        return $result ?: $this->_response;
    }
}
