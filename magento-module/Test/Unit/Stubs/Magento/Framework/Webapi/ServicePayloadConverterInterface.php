<?php
/**
 * Test stand-in of Magento\Framework\Webapi\ServicePayloadConverterInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Webapi;

/**
 * Interface for data conversion based on data type.
 */
interface ServicePayloadConverterInterface
{
    /**
     * @param mixed $data
     * @param string $type
     * @return mixed
     */
    public function convertValue($data, $type);
}
