<?php
/**
 * Test stand-in of Magento\Framework\App\Response\HttpInterface, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Response;

/**
 * HTTP response.
 */
interface HttpInterface extends \Magento\Framework\App\ResponseInterface
{
    /**
     * @param int $code
     * @return $this
     */
    public function setHttpResponseCode($code);

    /**
     * @return int
     */
    public function getHttpResponseCode();

    /**
     * @param string $name
     * @param string $value
     * @param bool $replace
     * @return $this
     */
    public function setHeader($name, $value, $replace = false);

    /**
     * @param string $name
     * @return \Laminas\Http\Header\HeaderInterface|bool
     */
    public function getHeader($name);

    /**
     * @param string $name
     * @return $this
     */
    public function clearHeader($name);

    /**
     * @param int|string $httpCode
     * @param null|int|string $version
     * @param null|string $phrase
     * @return $this
     */
    public function setStatusHeader($httpCode, $version = null, $phrase = null);

    /**
     * @param string $value
     * @return $this
     */
    public function appendBody($value);

    /**
     * @param string $value
     * @return $this
     */
    public function setBody($value);

    /**
     * @param string $url
     * @param int $code
     * @return $this
     */
    public function setRedirect($url, $code = 302);
}
