<?php
/**
 * Test stand-in of Magento\Framework\Webapi\ServiceInputProcessor, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Webapi;

use Magento\Framework\Exception\InputException;
use Magento\Framework\Phrase;

/**
 * Deserialize arguments from API requests. Stand-in: the same mapping rules (parameter name or its
 * snake_case, defaults for the missing, an error for missing required ones, data objects built
 * through setters), by PHP reflection instead of Magento's MethodsMap and TypeProcessor.
 */
class ServiceInputProcessor implements ServicePayloadConverterInterface
{
    /**
     * @param string $serviceClassName
     * @param string $serviceMethodName
     * @param array $inputArray
     * @return array list of parameters that can be used to call the service method
     * @throws InputException if no value is provided for required parameters
     */
    public function process($serviceClassName, $serviceMethodName, array $inputArray)
    {
        $inputData = [];
        $inputError = [];
        $method = new \ReflectionMethod($serviceClassName, $serviceMethodName);
        foreach ($method->getParameters() as $param) {
            $paramName = $param->getName();
            $snakeCaseParamName = strtolower(preg_replace("/(?<=\\w)(?=[A-Z])/", "_$1", $paramName));
            if (isset($inputArray[$paramName]) || isset($inputArray[$snakeCaseParamName])) {
                $paramValue = $inputArray[$paramName] ?? $inputArray[$snakeCaseParamName];
                $type = $param->getType();
                $inputData[] = $this->convertValue(
                    $paramValue,
                    $type instanceof \ReflectionNamedType ? $type->getName() : 'mixed'
                );
            } elseif ($param->isDefaultValueAvailable()) {
                $inputData[] = $param->getDefaultValue();
            } else {
                $inputError[] = $paramName;
            }
        }
        if ($inputError) {
            throw new InputException(
                new Phrase('"%fieldName" is required. Enter and try again.', ['fieldName' => implode(', ', $inputError)])
            );
        }
        return $inputData;
    }

    /**
     * @param mixed $data
     * @param string $type
     * @return mixed
     */
    public function convertValue($data, $type)
    {
        switch ($type) {
            case 'int':
                return (int)$data;
            case 'float':
                return (float)$data;
            case 'string':
                return (string)$data;
            case 'bool':
                return (bool)$data;
            case 'array':
            case 'mixed':
                return $data;
        }
        if (is_array($data) && (class_exists($type) || interface_exists($type))) {
            return $this->_createFromArray($type, $data);
        }
        return $data;
    }

    /**
     * @param string $className
     * @param array $data
     * @return object
     */
    protected function _createFromArray($className, $data)
    {
        $object = new $className();
        foreach ($data as $propertyName => $value) {
            $setter = 'set' . str_replace('_', '', ucwords((string)$propertyName, '_'));
            if (method_exists($object, $setter)) {
                $object->{$setter}($value);
            }
        }
        return $object;
    }
}
