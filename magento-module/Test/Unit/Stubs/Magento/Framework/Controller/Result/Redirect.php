<?php
/**
 * Test stand-in of Magento\Framework\Controller\Result\Redirect, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Controller\Result;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;
use Magento\Framework\Controller\AbstractResult;

/**
 * A redirect result (stand-in: setPath() and setUrl() through the URL builder; the referer
 * redirects are left out).
 */
class Redirect extends AbstractResult
{
    /** @var \Magento\Framework\UrlInterface */
    protected $urlBuilder;

    /** @var string */
    protected $url;

    /**
     * @param \Magento\Framework\UrlInterface $urlBuilder
     */
    public function __construct(\Magento\Framework\UrlInterface $urlBuilder)
    {
        $this->urlBuilder = $urlBuilder;
    }

    /**
     * @param string $url
     * @return $this
     */
    public function setUrl($url)
    {
        $this->url = $url;
        return $this;
    }

    /**
     * @param string $path
     * @param array $params
     * @return $this
     */
    public function setPath($path, array $params = [])
    {
        $this->url = $this->urlBuilder->getUrl($path, $this->_prepareParams($params));
        return $this;
    }

    /**
     * @param array $params
     * @return array
     */
    protected function _prepareParams($params)
    {
        return $params;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    protected function render(HttpResponseInterface $response)
    {
        $response->setRedirect($this->url);
        return $this;
    }
}
