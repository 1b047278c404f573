<?php
/**
 * Test stand-in of Magento\Backend\App\Action\Context, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\App\Action;

/**
 * Backend controller context (stand-in: the framework context plus the authorization).
 */
class Context extends \Magento\Framework\App\Action\Context
{
    /** @var \Magento\Framework\AuthorizationInterface */
    protected $_authorization;

    /**
     * @param \Magento\Framework\App\RequestInterface $request
     * @param \Magento\Framework\App\ResponseInterface $response
     * @param \Magento\Framework\Message\ManagerInterface $messageManager
     * @param \Magento\Framework\AuthorizationInterface $authorization
     * @param \Magento\Framework\Controller\ResultFactory $resultFactory
     */
    public function __construct(
        \Magento\Framework\App\RequestInterface $request,
        \Magento\Framework\App\ResponseInterface $response,
        \Magento\Framework\Message\ManagerInterface $messageManager,
        \Magento\Framework\AuthorizationInterface $authorization,
        \Magento\Framework\Controller\ResultFactory $resultFactory
    ) {
        parent::__construct($request, $response, $messageManager, $resultFactory);
        $this->_authorization = $authorization;
    }

    /**
     * @return \Magento\Framework\AuthorizationInterface
     */
    public function getAuthorization()
    {
        return $this->_authorization;
    }
}
