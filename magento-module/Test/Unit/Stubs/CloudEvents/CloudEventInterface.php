<?php
/**
 * Stand-in for cloudevents/sdk-php (not in the offline Magento): same signatures.
 */
declare(strict_types=1);

namespace CloudEvents;

interface CloudEventInterface
{
    /**
     * @return string
     */
    public function getSpecVersion(): string;
}
