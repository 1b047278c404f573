<?php
/**
 * Test stand-in of Magento\Framework\Config\Dom, with the framework's real signatures (Magento 2.4, PHP 8.4-clean).
 */
namespace Magento\Framework\Config;

/**
 * Magento's DOM merger (stand-in: merges top-level nodes by their id attribute only).
 */
class Dom
{
    /** @var \DOMDocument */
    protected $dom;

    /** @var array */
    private $idAttributes;

    /** @var string|null */
    private $perFileSchema;

    /**
     * @param string $xml
     * @param ValidationStateInterface $validationState
     * @param array $idAttributes
     * @param string|null $typeAttributeName
     * @param string|null $schemaFile
     * @param string $errorFormat
     */
    public function __construct(
        $xml,
        ValidationStateInterface $validationState,
        array $idAttributes = [],
        $typeAttributeName = null,
        $schemaFile = null,
        $errorFormat = '%message%'
    ) {
        $this->idAttributes = $idAttributes;
        $this->perFileSchema = $schemaFile;
        $this->dom = $this->load($xml);
    }

    /**
     * @param string $xml
     * @return void
     */
    public function merge($xml)
    {
        $incoming = $this->load($xml);
        foreach ($incoming->documentElement->childNodes as $node) {
            if (!$node instanceof \DOMElement) {
                continue;
            }
            $path = '/' . $this->dom->documentElement->nodeName . '/' . $node->nodeName;
            $id = $this->idAttributes[$path] ?? null;
            $imported = $this->dom->importNode($node, true);
            if ($id !== null) {
                foreach ($this->dom->documentElement->childNodes as $existing) {
                    if ($existing instanceof \DOMElement && $existing->nodeName === $node->nodeName
                        && $existing->getAttribute($id) === $node->getAttribute($id)
                    ) {
                        $this->dom->documentElement->replaceChild($imported, $existing);
                        continue 2;
                    }
                }
            }
            $this->dom->documentElement->appendChild($imported);
        }
    }

    /**
     * @param string $schemaFileName
     * @param array $errors
     * @return bool
     */
    public function validate($schemaFileName, &$errors = [])
    {
        $previous = libxml_use_internal_errors(true);
        $valid = $this->dom->schemaValidate($schemaFileName);
        foreach (libxml_get_errors() as $error) {
            $errors[] = trim($error->message);
        }
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        return $valid;
    }

    /**
     * @return \DOMDocument
     */
    public function getDom()
    {
        return $this->dom;
    }

    /**
     * @param string $xml
     * @return \DOMDocument
     */
    private function load($xml)
    {
        $dom = new \DOMDocument();
        $dom->loadXML($xml);
        if ($this->perFileSchema !== null) {
            $errors = [];
            $previous = libxml_use_internal_errors(true);
            if (!$dom->schemaValidate($this->perFileSchema)) {
                foreach (libxml_get_errors() as $error) {
                    $errors[] = trim($error->message);
                }
                libxml_clear_errors();
                libxml_use_internal_errors($previous);
                throw new \Magento\Framework\Config\Dom\ValidationException(implode("\n", $errors));
            }
            libxml_use_internal_errors($previous);
        }
        return $dom;
    }
}
