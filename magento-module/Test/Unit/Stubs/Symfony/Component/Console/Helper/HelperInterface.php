<?php
/**
 * Test stand-in of Symfony\Component\Console\Helper\HelperInterface, with the real signatures of symfony/console 6.4.
 */
namespace Symfony\Component\Console\Helper;

/**
 * HelperInterface is the interface all helpers must implement.
 */
interface HelperInterface
{
    /**
     * @return void
     */
    public function setHelperSet(?HelperSet $helperSet);

    public function getHelperSet(): ?HelperSet;

    /**
     * @return string
     */
    public function getName();
}
