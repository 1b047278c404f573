<?php
/**
 * Test stand-in of Magento\Backend\App\AbstractAction, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Backend\App;

use Magento\Framework\App\ActionInterface;

/**
 * Generic backend controller (stand-in: the constructor and the ACL check).
 */
abstract class AbstractAction implements ActionInterface
{
    public const ADMIN_RESOURCE = 'Magento_Backend::admin';

    /** @var \Magento\Framework\AuthorizationInterface */
    protected $_authorization;

    /** @var \Magento\Backend\App\Action\Context */
    protected $context;

    /**
     * @param \Magento\Backend\App\Action\Context $context
     */
    public function __construct(\Magento\Backend\App\Action\Context $context)
    {
        $this->context = $context;
    }

    /**
     * @return bool
     */
    protected function _isAllowed()
    {
        return $this->_authorization->isAllowed(static::ADMIN_RESOURCE);
    }
}
