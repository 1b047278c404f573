<?php
/**
 * Test stand-in of Magento\Framework\Module\Dir\Reader, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Module\Dir;

/**
 * Module configuration file reader (stand-in: knows one module folder per name).
 */
class Reader
{
    /** @var array<string, string> */
    private $moduleDirs;

    /**
     * @param array $moduleDirs module name => folder (stand-in only)
     */
    public function __construct(array $moduleDirs = [])
    {
        $this->moduleDirs = $moduleDirs;
    }

    /**
     * @param string $type
     * @param string $moduleName
     * @return string
     */
    public function getModuleDir($type, $moduleName)
    {
        $dir = $this->moduleDirs[$moduleName] ?? '';
        return $type ? $dir . '/' . $type : $dir;
    }
}
