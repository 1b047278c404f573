<?php
/**
 * Test stand-in of Magento\Framework\App\DeploymentConfig, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App;

/**
 * Application deployment configuration (app/etc/env.php; stand-in: an array).
 */
class DeploymentConfig
{
    /** @var array */
    private $data;

    /**
     * @param array $data the env.php array (stand-in only)
     */
    public function __construct(array $data = [])
    {
        $this->data = $data;
    }

    /**
     * @param string|null $key
     * @param mixed $defaultValue
     * @return mixed|null
     */
    public function get($key = null, $defaultValue = null)
    {
        if ($key === null) {
            return $this->data;
        }
        $value = $this->data;
        foreach (explode('/', $key) as $part) {
            if (!is_array($value) || !array_key_exists($part, $value)) {
                return $defaultValue;
            }
            $value = $value[$part];
        }
        return $value;
    }
}
