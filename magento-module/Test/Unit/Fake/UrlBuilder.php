<?php
/**
 * Builds admin URLs as readable paths, for controller tests.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Fake;

use Magento\Framework\UrlInterface;

/**
 * `*` parts become async_events/deadletters..., parameters are appended as /key/value, as Magento
 * writes them.
 */
class UrlBuilder implements UrlInterface
{
    /**
     * @var string[] route, controller, action of the current request
     */
    private array $current;

    /**
     * @param string $controller
     * @param string $action
     */
    public function __construct(string $controller = 'deadletters', string $action = 'index')
    {
        $this->current = ['async_events', $controller, $action];
    }

    /**
     * @inheritdoc
     */
    public function getUrl($routePath = null, $routeParams = null)
    {
        $parts = explode('/', (string)$routePath);
        foreach ($parts as $n => $part) {
            $parts[$n] = $part === '*' ? $this->current[$n] : $part;
        }
        foreach ((array)$routeParams as $key => $value) {
            $parts[] = $key . '/' . $value;
        }
        return '/admin/' . implode('/', $parts) . '/';
    }
}
