<?php
/**
 * Gives the async_events.xml files of fictitious modules.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\Config\FileResolverInterface;

/**
 * Path => content of every file, in module order.
 */
class FileResolver implements FileResolverInterface
{
    /**
     * @var string[]
     */
    private array $paths;

    /**
     * @param string[] $paths
     */
    public function __construct(array $paths)
    {
        $this->paths = $paths;
    }

    /**
     * @inheritdoc
     */
    public function get($filename, $scope)
    {
        $files = [];
        foreach ($this->paths as $path) {
            $files[$path] = (string)file_get_contents($path);
        }
        return $files;
    }
}
