<?php
/**
 * Test stand-in of Magento\Framework\Controller\AbstractResult, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Controller;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;

/**
 * Base of the results: the status code and headers applied to the response, then render().
 */
abstract class AbstractResult implements ResultInterface
{
    /** @var int */
    protected $httpResponseCode;

    /** @var array */
    protected $headers = [];

    /** @var array */
    protected $statusHeaders = [];

    /**
     * @param int $httpCode
     * @return $this
     */
    public function setHttpResponseCode($httpCode)
    {
        $this->httpResponseCode = $httpCode;
        return $this;
    }

    /**
     * @param string $name
     * @param string $value
     * @param boolean $replace
     * @return $this
     */
    public function setHeader($name, $value, $replace = false)
    {
        $this->headers[] = ['name' => $name, 'value' => $value, 'replace' => $replace];
        return $this;
    }

    /**
     * @param int|string $httpCode
     * @param null|int|string $version
     * @param null|string $phrase
     * @return $this
     */
    public function setStatusHeader($httpCode, $version = null, $phrase = null)
    {
        $this->statusHeaders = ['http_code' => $httpCode, 'version' => $version, 'phrase' => $phrase];
        return $this;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    abstract protected function render(HttpResponseInterface $response);

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    protected function applyHttpHeaders(HttpResponseInterface $response)
    {
        if (!empty($this->httpResponseCode)) {
            $response->setHttpResponseCode($this->httpResponseCode);
        }
        if ($this->statusHeaders) {
            $response->setStatusHeader(
                $this->statusHeaders['http_code'],
                $this->statusHeaders['version'],
                $this->statusHeaders['phrase']
            );
        }
        foreach ($this->headers as $headerData) {
            $response->setHeader($headerData['name'], $headerData['value'], $headerData['replace']);
        }
        return $this;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    public function renderResult(HttpResponseInterface $response)
    {
        $this->applyHttpHeaders($response);
        return $this->render($response);
    }
}
