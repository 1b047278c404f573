<?php
/**
 * Test stand-in of Magento\Framework\App\Action\AbstractAction, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Action;

use Magento\Framework\App\RequestInterface;

/**
 * Abstract redirect/forward action class.
 */
abstract class AbstractAction implements \Magento\Framework\App\ActionInterface
{
    /** @var \Magento\Framework\App\RequestInterface */
    protected $_request;

    /** @var \Magento\Framework\App\ResponseInterface */
    protected $_response;

    /** @var \Magento\Framework\Controller\ResultFactory */
    protected $resultFactory;

    /**
     * @param Context $context
     */
    public function __construct(Context $context)
    {
        $this->_request = $context->getRequest();
        $this->_response = $context->getResponse();
        $this->resultFactory = $context->getResultFactory();
    }

    /**
     * @param RequestInterface $request
     * @return \Magento\Framework\App\ResponseInterface
     */
    abstract public function dispatch(RequestInterface $request);

    /**
     * @return \Magento\Framework\App\RequestInterface
     */
    public function getRequest()
    {
        return $this->_request;
    }

    /**
     * @return \Magento\Framework\App\ResponseInterface
     */
    public function getResponse()
    {
        return $this->_response;
    }
}
