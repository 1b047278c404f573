<?php
/**
 * Test stand-in of Magento\Framework\App\RequestInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App;

/**
 * Application request.
 */
interface RequestInterface
{
    /**
     * @return string
     */
    public function getModuleName();

    /**
     * @param string $name
     * @return $this
     */
    public function setModuleName($name);

    /**
     * @return string
     */
    public function getActionName();

    /**
     * @param string $name
     * @return $this
     */
    public function setActionName($name);

    /**
     * @param string $key
     * @param mixed $defaultValue
     * @return mixed
     */
    public function getParam($key, $defaultValue = null);

    /**
     * @param array $params
     * @return $this
     */
    public function setParams(array $params);

    /**
     * @return array
     */
    public function getParams();

    /**
     * @param string|null $name
     * @param string|null $default
     * @return string|null
     */
    public function getCookie($name, $default);

    /**
     * @return bool
     */
    public function isSecure();
}
