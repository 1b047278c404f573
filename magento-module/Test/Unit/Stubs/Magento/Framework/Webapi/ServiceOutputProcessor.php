<?php
/**
 * Test stand-in of Magento\Framework\Webapi\ServiceOutputProcessor, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Webapi;

/**
 * Data object converter. Stand-in with the same rules as Magento's DataObjectProcessor: a data
 * object becomes an array keyed by the snake_case of the getters (getX(), isX()) of its DECLARED
 * type (the method's or getter's `@return` docblock type), recursively; null values are left out.
 */
class ServiceOutputProcessor implements ServicePayloadConverterInterface
{
    /**
     * @param mixed $data
     * @param string $serviceClassName
     * @param string $serviceMethodName
     * @return array|int|string|bool|float Scalar or array of scalars
     */
    public function process($data, $serviceClassName, $serviceMethodName)
    {
        $method = new \ReflectionMethod($serviceClassName, $serviceMethodName);
        return $this->convertValue($data, $this->docReturnType($method));
    }

    /**
     * @param mixed $data
     * @param string $type
     * @return mixed
     */
    public function convertValue($data, $type)
    {
        if (is_array($data)) {
            $itemType = substr((string)$type, -2) === '[]' ? substr((string)$type, 0, -2) : 'mixed';
            $result = [];
            foreach ($data as $key => $value) {
                $result[$key] = $this->convertValue($value, $itemType);
            }
            return $result;
        }
        if (is_object($data)) {
            $type = ltrim((string)$type, '\\');
            $class = (class_exists($type) || interface_exists($type)) ? new \ReflectionClass($type)
                : new \ReflectionObject($data);
            $result = [];
            foreach ($class->getMethods(\ReflectionMethod::IS_PUBLIC) as $method) {
                if ($method->isStatic() || $method->getNumberOfRequiredParameters() > 0) {
                    continue;
                }
                if (!preg_match('/^(get|is)([A-Z].*)$/', $method->getName(), $m)) {
                    continue;
                }
                $key = strtolower(preg_replace('/(?<=\w)(?=[A-Z])/', '_', $m[2]));
                $value = $data->{$method->getName()}();
                if ($value !== null) {
                    $result[$key] = $this->convertValue($value, $this->docReturnType($method));
                }
            }
            return $result;
        }
        return $data;
    }

    /**
     * The type a method's docblock declares (first of a union, without null).
     *
     * @param \ReflectionMethod $method
     * @return string
     */
    private function docReturnType(\ReflectionMethod $method): string
    {
        if (preg_match('/@return\s+(\S+)/', (string)$method->getDocComment(), $m)) {
            $types = array_values(array_diff(explode('|', $m[1]), ['null']));
            return $types[0] ?? 'mixed';
        }
        return 'mixed';
    }
}
