<?php
/**
 * Where dead-letter exports are written and listed: var/export/async_events/.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\DeadLetter;

use Magento\Framework\App\Filesystem\DirectoryList;

/**
 * Names new export files, lists the existing ones, and resolves a file name from a request to a
 * path inside the folder (never outside it).
 */
class ExportLocation
{
    /**
     * Folder under var/export.
     */
    public const FOLDER = 'async_events';

    /**
     * Names an export file may have.
     */
    private const FILE_PATTERN = '/^dead-letters-(delivery|event)-\d{8}-\d{6}(-\d+)?\.json$/';

    /**
     * @var DirectoryList
     */
    private DirectoryList $directoryList;

    /**
     * @param DirectoryList $directoryList
     */
    public function __construct(DirectoryList $directoryList)
    {
        $this->directoryList = $directoryList;
    }

    /**
     * Get the folder of the exports.
     *
     * @return string
     */
    public function getFolder(): string
    {
        return rtrim($this->directoryList->getPath(DirectoryList::VAR_EXPORT), '/') . '/' . self::FOLDER;
    }

    /**
     * Get an export's path relative to var/, as Magento's file download takes it.
     *
     * @param string $name
     * @return string
     */
    public function getRelativePath(string $name): string
    {
        return 'export/' . self::FOLDER . '/' . $name;
    }

    /**
     * Get a path for a new export of a kind.
     *
     * @param string $kind
     * @return string
     */
    public function newFilePath(string $kind): string
    {
        $base = $this->getFolder() . '/dead-letters-' . $kind . '-' . gmdate('Ymd-His');
        $path = $base . '.json';
        for ($n = 2; file_exists($path); $n++) {
            $path = $base . '-' . $n . '.json';
        }
        return $path;
    }

    /**
     * List the exports, newest first.
     *
     * @return array<int, array{name: string, size: int, modified: int}>
     */
    public function listExports(): array
    {
        $files = [];
        foreach (glob($this->getFolder() . '/dead-letters-*.json') ?: [] as $path) {
            if (preg_match(self::FILE_PATTERN, basename($path))) {
                $files[] = ['name' => basename($path), 'size' => (int)filesize($path), 'modified' => (int)filemtime($path)];
            }
        }
        usort($files, static fn ($a, $b) => [$b['modified'], $b['name']] <=> [$a['modified'], $a['name']]);
        return $files;
    }

    /**
     * Resolve an export's file name to its path, or null when it is not an existing export.
     *
     * @param string $name
     * @return string|null
     */
    public function resolve(string $name): ?string
    {
        if (!preg_match(self::FILE_PATTERN, $name)) {
            return null;
        }
        $path = $this->getFolder() . '/' . $name;
        return is_file($path) ? $path : null;
    }
}
