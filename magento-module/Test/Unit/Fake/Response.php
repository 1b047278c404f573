<?php
/**
 * An HTTP response that keeps what the controller and its result put in it.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\App\Response\HttpInterface;

/**
 * Status code, headers (last value per name), body and redirect, for assertions.
 */
class Response implements HttpInterface
{
    /**
     * @var int
     */
    public int $code = 200;

    /**
     * @var array<string, string>
     */
    public array $headers = [];

    /**
     * @var string
     */
    public string $body = '';

    /**
     * @var string|null
     */
    public ?string $redirect = null;

    /**
     * @inheritdoc
     */
    public function sendResponse()
    {
    }

    /**
     * @inheritdoc
     */
    public function setHttpResponseCode($code)
    {
        $this->code = (int)$code;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getHttpResponseCode()
    {
        return $this->code;
    }

    /**
     * @inheritdoc
     */
    public function setHeader($name, $value, $replace = false)
    {
        $this->headers[strtolower((string)$name)] = (string)$value;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getHeader($name)
    {
        return $this->headers[strtolower((string)$name)] ?? false;
    }

    /**
     * @inheritdoc
     */
    public function clearHeader($name)
    {
        unset($this->headers[strtolower((string)$name)]);
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function setStatusHeader($httpCode, $version = null, $phrase = null)
    {
        return $this->setHttpResponseCode($httpCode);
    }

    /**
     * @inheritdoc
     */
    public function appendBody($value)
    {
        $this->body .= (string)$value;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function setBody($value)
    {
        $this->body = (string)$value;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function setRedirect($url, $code = 302)
    {
        $this->redirect = (string)$url;
        return $this->setHttpResponseCode($code);
    }
}
