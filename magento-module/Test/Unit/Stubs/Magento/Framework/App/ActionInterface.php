<?php
/**
 * Test stand-in of Magento\Framework\App\ActionInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App;

/**
 * Magento application action controller type.
 */
interface ActionInterface
{
    public const FLAG_NO_DISPATCH = 'no-dispatch';
    public const FLAG_NO_POST_DISPATCH = 'no-postDispatch';
    public const FLAG_NO_DISPATCH_BLOCK_EVENT = 'no-beforeGenerateLayoutBlocksDispatch';
    public const PARAM_NAME_BASE64_URL = 'r64';
    public const PARAM_NAME_URL_ENCODED = 'uenc';

    /**
     * @return \Magento\Framework\Controller\ResultInterface|ResponseInterface
     */
    public function execute();
}
