<?php
/**
 * Test stand-in of Magento\Backend\App\AbstractAction, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\App;

/**
 * Generic backend controller (stand-in: the ACL check of dispatch(); form keys, secret keys,
 * locale and the denied page are left out).
 */
abstract class AbstractAction extends \Magento\Framework\App\Action\Action
{
    public const FLAG_IS_URLS_CHECKED = 'check_url_settings';
    public const SESSION_NAMESPACE = 'adminhtml';
    public const ADMIN_RESOURCE = 'Magento_Backend::admin';

    /** @var \Magento\Framework\AuthorizationInterface */
    protected $_authorization;

    /**
     * @param \Magento\Backend\App\Action\Context $context
     */
    public function __construct(Action\Context $context)
    {
        parent::__construct($context);
        $this->_authorization = $context->getAuthorization();
    }

    /**
     * @return bool
     */
    protected function _isAllowed()
    {
        return $this->_authorization->isAllowed(static::ADMIN_RESOURCE);
    }

    /**
     * @return \Magento\Framework\Message\ManagerInterface
     */
    protected function getMessageManager()
    {
        return $this->messageManager;
    }

    /**
     * @param \Magento\Framework\App\RequestInterface $request
     * @return \Magento\Framework\App\ResponseInterface|\Magento\Framework\Controller\ResultInterface
     */
    public function dispatch(\Magento\Framework\App\RequestInterface $request)
    {
        if (!$this->_isAllowed()) {
            $this->_response->setStatusHeader(403, '1.1', 'Forbidden');
            return $this->_response;
        }
        return parent::dispatch($request);
    }
}
