<?php
/**
 * An admin request with its parameters, for controller tests.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\App\RequestInterface;

/**
 * Parameters set by the test; no cookies, never secure.
 */
class Request implements RequestInterface
{
    /**
     * @var array<string, mixed>
     */
    private array $params;

    /**
     * @var string
     */
    private string $moduleName = 'async_events';

    /**
     * @var string
     */
    private string $actionName = 'index';

    /**
     * @param array<string, mixed> $params
     */
    public function __construct(array $params = [])
    {
        $this->params = $params;
    }

    /**
     * @inheritdoc
     */
    public function getModuleName()
    {
        return $this->moduleName;
    }

    /**
     * @inheritdoc
     */
    public function setModuleName($name)
    {
        $this->moduleName = (string)$name;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getActionName()
    {
        return $this->actionName;
    }

    /**
     * @inheritdoc
     */
    public function setActionName($name)
    {
        $this->actionName = (string)$name;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getParam($key, $defaultValue = null)
    {
        return $this->params[$key] ?? $defaultValue;
    }

    /**
     * @inheritdoc
     */
    public function setParams(array $params)
    {
        $this->params = $params + $this->params;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getParams()
    {
        return $this->params;
    }

    /**
     * @inheritdoc
     */
    public function getCookie($name, $default)
    {
        return $default;
    }

    /**
     * @inheritdoc
     */
    public function isSecure()
    {
        return false;
    }
}
