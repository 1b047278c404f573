<?php
/**
 * Test stand-in of Magento\Framework\Serialize\SerializerInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Serialize;

/**
 * Interface for serializing.
 */
interface SerializerInterface
{
    /**
     * @param string|int|float|bool|array|null $data
     * @return string|bool
     */
    public function serialize($data);

    /**
     * @param string $string
     * @return string|int|float|bool|array|null
     */
    public function unserialize($string);
}
