<?php
/**
 * Test stand-in of Magento\Framework\Controller\ResultFactory, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Controller;

use Magento\Framework\ObjectManagerInterface;

/**
 * Result Factory.
 */
class ResultFactory
{
    public const TYPE_JSON = 'json';
    public const TYPE_RAW = 'raw';
    public const TYPE_REDIRECT = 'redirect';
    public const TYPE_FORWARD = 'forward';
    public const TYPE_LAYOUT = 'layout';
    public const TYPE_PAGE = 'page';

    /** @var array */
    protected $typeMap = [
        self::TYPE_JSON => Result\Json::class,
        self::TYPE_REDIRECT => Result\Redirect::class,
        self::TYPE_PAGE => \Magento\Framework\View\Result\Page::class,
    ];

    /** @var ObjectManagerInterface */
    private $objectManager;

    /**
     * @param ObjectManagerInterface $objectManager
     * @param array $typeMap
     */
    public function __construct(ObjectManagerInterface $objectManager, array $typeMap = [])
    {
        $this->objectManager = $objectManager;
        $this->mergeTypes($typeMap);
    }

    /**
     * @param array $typeMap
     * @return void
     */
    protected function mergeTypes(array $typeMap)
    {
        foreach ($typeMap as $typeInfo) {
            if (isset($typeInfo['type']) && isset($typeInfo['class'])) {
                $this->typeMap[$typeInfo['type']] = $typeInfo['class'];
            }
        }
    }

    /**
     * @param string $type
     * @param array $arguments
     * @return ResultInterface
     * @throws \InvalidArgumentException
     */
    public function create($type, array $arguments = [])
    {
        if (empty($this->typeMap[$type])) {
            throw new \InvalidArgumentException('"' . $type . ': isn\'t allowed');
        }
        $resultInstance = $this->objectManager->create($this->typeMap[$type], $arguments);
        if (!$resultInstance instanceof ResultInterface) {
            throw new \InvalidArgumentException(get_class($resultInstance) . ' isn\'t instance of ResultInterface');
        }
        return $resultInstance;
    }
}
