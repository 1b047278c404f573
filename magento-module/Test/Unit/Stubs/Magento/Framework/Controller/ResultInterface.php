<?php
/**
 * Test stand-in of Magento\Framework\Controller\ResultInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Controller;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;

/**
 * An encapsulation of result classes used for rendering the response.
 */
interface ResultInterface
{
    /**
     * @param int $httpCode
     * @return $this
     */
    public function setHttpResponseCode($httpCode);

    /**
     * @param string $name
     * @param string $value
     * @param boolean $replace
     * @return $this
     */
    public function setHeader($name, $value, $replace = false);

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    public function renderResult(HttpResponseInterface $response);
}
