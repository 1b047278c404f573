<?php
/**
 * Test stand-in of Magento\Framework\App\Response\Http\FileFactory, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Response\Http;

use Magento\Framework\App\Filesystem\DirectoryList;

/**
 * Declares headers and content for a file download (stand-in: reads the file through DirectoryList
 * instead of Magento\Framework\Filesystem, and puts it in the body instead of streaming it).
 */
class FileFactory
{
    /** @var \Magento\Framework\App\ResponseInterface */
    protected $_response;

    /** @var DirectoryList */
    private $directoryList;

    /**
     * @param \Magento\Framework\App\ResponseInterface $response
     * @param DirectoryList $directoryList
     */
    public function __construct(\Magento\Framework\App\ResponseInterface $response, DirectoryList $directoryList)
    {
        $this->_response = $response;
        $this->directoryList = $directoryList;
    }

    /**
     * @param string $fileName
     * @param string|array $content
     * @param string $baseDir
     * @param string $contentType
     * @param int $contentLength
     * @return \Magento\Framework\App\ResponseInterface
     * @throws \Exception
     */
    public function create(
        $fileName,
        $content,
        $baseDir = DirectoryList::ROOT,
        $contentType = 'application/octet-stream',
        $contentLength = null
    ) {
        if (is_array($content)) {
            if (!isset($content['type']) || !isset($content['value'])) {
                throw new \InvalidArgumentException("Invalid arguments. Keys 'type' and 'value' are required.");
            }
            if ($content['type'] == 'filename') {
                $path = $this->directoryList->getPath($baseDir) . '/' . $content['value'];
                if (!is_file($path)) {
                    throw new \Exception((string)new \Magento\Framework\Phrase('File not found'));
                }
                $content = (string)file_get_contents($path);
            }
        }
        $this->_response->setHttpResponseCode(200)
            ->setHeader('Content-type', $contentType, true)
            ->setHeader('Content-Length', $contentLength ?? strlen((string)$content), true)
            ->setHeader('Content-Disposition', 'attachment; filename="' . $fileName . '"', true);
        $this->_response->setBody($content);
        return $this->_response;
    }
}
