<?php
/**
 * Locates async_events.xsd for the async_events.xml reader.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Config;

use Magento\Framework\Config\SchemaLocatorInterface;
use Magento\Framework\Module\Dir;
use Magento\Framework\Module\Dir\Reader as ModuleDirReader;

/**
 * The same schema checks each file and the merged document.
 */
class SchemaLocator implements SchemaLocatorInterface
{
    /**
     * @var string
     */
    private string $schema;

    /**
     * @param ModuleDirReader $moduleDirReader
     */
    public function __construct(ModuleDirReader $moduleDirReader)
    {
        $this->schema = $moduleDirReader->getModuleDir(Dir::MODULE_ETC_DIR, 'MageOS_AsyncEvents')
            . '/async_events.xsd';
    }

    /**
     * Get the schema of the merged document.
     *
     * @return string
     */
    public function getSchema()
    {
        return $this->schema;
    }

    /**
     * Get the schema of each file.
     *
     * @return string
     */
    public function getPerFileSchema()
    {
        return $this->schema;
    }
}
