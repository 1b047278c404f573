<?php
/**
 * Test stand-in of Magento\Framework\Controller\Result\Json, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Controller\Result;

use Magento\Framework\App\Response\HttpInterface as HttpResponseInterface;
use Magento\Framework\Controller\AbstractResult;

/**
 * A JSON result (stand-in: without the inline translation).
 */
class Json extends AbstractResult
{
    /** @var string */
    protected $json;

    /** @var \Magento\Framework\Serialize\Serializer\Json */
    private $serializer;

    /**
     * @param \Magento\Framework\Serialize\Serializer\Json|null $serializer
     */
    public function __construct(?\Magento\Framework\Serialize\Serializer\Json $serializer = null)
    {
        $this->serializer = $serializer ?? new \Magento\Framework\Serialize\Serializer\Json();
    }

    /**
     * @param mixed $data
     * @param boolean $cycleCheck
     * @param array $options
     * @return $this
     */
    public function setData($data, $cycleCheck = false, $options = [])
    {
        $this->json = $this->serializer->serialize($data);
        return $this;
    }

    /**
     * @param string $jsonData
     * @return $this
     */
    public function setJsonData($jsonData)
    {
        $this->json = (string)$jsonData;
        return $this;
    }

    /**
     * @param HttpResponseInterface $response
     * @return $this
     */
    protected function render(HttpResponseInterface $response)
    {
        $response->setHeader('Content-Type', 'application/json', true);
        $response->setBody($this->json);
        return $this;
    }
}
