<?php
/**
 * One row of the module's admin grids as Magento's CSV export reads it.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Ui\DataProvider;

use Magento\Framework\Api\AttributeValue;
use Magento\Framework\Api\Search\DocumentInterface;
use Magento\Framework\DataObject;

/**
 * Magento\Ui\Model\Export\MetadataProvider reads each column with getCustomAttribute() and
 * rewrites dates with getData()/setData(): the row's fields are both its data and its custom
 * attributes.
 */
class GridDocument extends DataObject implements DocumentInterface
{
    /**
     * @var mixed the value of the grid's primary field
     */
    private $id = null;

    /**
     * @inheritdoc
     */
    public function getId()
    {
        return $this->id;
    }

    /**
     * @inheritdoc
     */
    public function setId($id)
    {
        $this->id = $id;
        return $this;
    }

    /**
     * @inheritdoc
     */
    public function getCustomAttribute($attributeCode)
    {
        return new AttributeValue([
            AttributeValue::ATTRIBUTE_CODE => $attributeCode,
            AttributeValue::VALUE => $this->getData($attributeCode),
        ]);
    }

    /**
     * @inheritdoc
     */
    public function setCustomAttribute($attributeCode, $attributeValue)
    {
        return $this->setData($attributeCode, $attributeValue);
    }

    /**
     * @inheritdoc
     */
    public function getCustomAttributes()
    {
        return array_map(
            fn (string $code) => $this->getCustomAttribute($code),
            array_map('strval', array_keys($this->getData()))
        );
    }

    /**
     * @inheritdoc
     */
    public function setCustomAttributes(array $attributes)
    {
        foreach ($attributes as $attribute) {
            $this->setData($attribute->getAttributeCode(), $attribute->getValue());
        }
        return $this;
    }
}
