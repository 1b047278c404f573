<?php
/**
 * Test stand-in of Magento\Framework\Serialize\Serializer\Json, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Serialize\Serializer;

use Magento\Framework\Serialize\SerializerInterface;

/**
 * Serialize data to JSON, unserialize JSON encoded data.
 */
class Json implements SerializerInterface
{
    /**
     * @param string|int|float|bool|array|null $data
     * @return string|bool
     */
    public function serialize($data)
    {
        return json_encode($data, JSON_THROW_ON_ERROR);
    }

    /**
     * @param string $string
     * @return string|int|float|bool|array|null
     */
    public function unserialize($string)
    {
        $result = json_decode((string)$string, true);
        if (json_last_error() !== JSON_ERROR_NONE) {
            throw new \InvalidArgumentException('Unable to unserialize value. Error: ' . json_last_error_msg());
        }
        return $result;
    }
}
