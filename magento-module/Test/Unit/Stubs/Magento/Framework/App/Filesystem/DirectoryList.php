<?php
/**
 * Test stand-in of Magento\Framework\App\Filesystem\DirectoryList, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\App\Filesystem;

/**
 * A list of directories used in Magento (stand-in: rooted at one folder).
 */
class DirectoryList
{
    public const ROOT = 'base';
    public const APP = 'app';
    public const CONFIG = 'etc';
    public const VAR_DIR = 'var';
    public const VAR_EXPORT = 'var_export';
    public const LOG = 'log';
    public const TMP = 'tmp';

    /** @var string */
    private $root;

    /**
     * @param string $root
     * @param array $config
     */
    public function __construct($root, array $config = [])
    {
        $this->root = rtrim((string)$root, '/');
    }

    /**
     * @param string $code
     * @return string
     */
    public function getPath($code)
    {
        $map = [self::ROOT => '', self::VAR_DIR => '/var', self::VAR_EXPORT => '/var/export',
            self::LOG => '/var/log', self::TMP => '/var/tmp', self::APP => '/app', self::CONFIG => '/app/etc'];
        return $this->root . ($map[$code] ?? '/' . $code);
    }
}
