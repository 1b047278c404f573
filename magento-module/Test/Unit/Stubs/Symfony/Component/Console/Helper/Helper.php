<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\Helper, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

/**
 * Helper is the base class for all helper classes.
 */
abstract class Helper implements HelperInterface
{
    protected $helperSet;

    /**
     * @return void
     */
    public function setHelperSet(?HelperSet $helperSet = null)
    {
        $this->helperSet = $helperSet;
    }

    public function getHelperSet(): ?HelperSet
    {
        return $this->helperSet;
    }
}
