<?php
/**
 * Options of a subscription's status, for the subscribers grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * Enabled (1) and Disabled (0).
 */
class Status implements OptionSourceInterface
{
    /**
     * @inheritdoc
     */
    public function toOptionArray()
    {
        return [
            ['value' => 1, 'label' => __('Enabled')],
            ['value' => 0, 'label' => __('Disabled')],
        ];
    }
}
