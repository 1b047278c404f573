<?php
/**
 * Options of an attempt's outcome, for the logs grid.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Source;

use Magento\Framework\Data\OptionSourceInterface;

/**
 * Success (1) and Failure (0).
 */
class Success implements OptionSourceInterface
{
    /**
     * @inheritdoc
     */
    public function toOptionArray()
    {
        return [
            ['value' => 1, 'label' => __('Success')],
            ['value' => 0, 'label' => __('Failure')],
        ];
    }
}
