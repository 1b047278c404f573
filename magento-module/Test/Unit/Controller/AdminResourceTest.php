<?php
/**
 * Tests that every admin controller is behind its own ACL resource.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Controller;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\App\Action\HttpPostActionInterface;
use PHPUnit\Framework\TestCase;

/**
 * ADMIN_RESOURCE constants name resources of etc/acl.xml; changes are POST only.
 */
class AdminResourceTest extends TestCase
{
    private const EXPECTED = [
        'Events\Index' => ['MageOS_AsyncEvents::async_events_view', 'GET'],
        'Events\MassEnable' => ['MageOS_AsyncEvents::async_events_save', 'POST'],
        'Events\MassDisable' => ['MageOS_AsyncEvents::async_events_save', 'POST'],
        'Logs\Index' => ['MageOS_AsyncEvents::async_events_logs_list', 'GET'],
        'Logs\Trace' => ['MageOS_AsyncEvents::async_events_logs_trace', 'GET'],
        'Events\Replay' => ['MageOS_AsyncEvents::async_events_logs_replay', 'POST'],
        'DeadLetters\Index' => ['MageOS_AsyncEvents::async_events_dead_letters', 'GET'],
        'DeadLetters\Retry' => ['MageOS_AsyncEvents::async_events_dead_letters_retry', 'POST'],
        'DeadLetters\Erase' => ['MageOS_AsyncEvents::async_events_dead_letters_erase', 'POST'],
        'DeadLetters\Export' => ['MageOS_AsyncEvents::async_events_dead_letters_export', 'POST'],
        'DeadLetters\Download' => ['MageOS_AsyncEvents::async_events_dead_letters_export', 'GET'],
        'DeadLetters\StartJob' => ['MageOS_AsyncEvents::async_events_dead_letters_job', 'POST'],
        'DeadLetters\StopJob' => ['MageOS_AsyncEvents::async_events_dead_letters_job', 'POST'],
        'DeadLetters\JobProgress' => ['MageOS_AsyncEvents::async_events_dead_letters', 'GET'],
    ];

    /**
     * Every controller class of the module, by its name under Controller\Adminhtml.
     *
     * @return array<string, class-string>
     */
    private function controllers(): array
    {
        $root = dirname(__DIR__, 3) . '/Controller/Adminhtml';
        $classes = [];
        foreach (glob($root . '/*/*.php') ?: [] as $file) {
            $short = str_replace('/', '\\', substr($file, strlen($root) + 1, -4));
            $class = 'MageOS\\AsyncEvents\\Controller\\Adminhtml\\' . $short;
            if (!(new \ReflectionClass($class))->isAbstract()) {
                $classes[$short] = $class;
            }
        }
        ksort($classes);
        return $classes;
    }

    /**
     * ACL ids declared in etc/acl.xml.
     *
     * @return string[]
     */
    private function aclIds(): array
    {
        $xml = simplexml_load_file(dirname(__DIR__, 3) . '/etc/acl.xml');
        return array_map('strval', $xml->xpath('//resource/@id') ?: []);
    }

    /**
     * Every controller is expected.
     */
    public function testEveryControllerIsExpected(): void
    {
        $expected = array_keys(self::EXPECTED);
        sort($expected);
        self::assertSame($expected, array_keys($this->controllers()));
    }

    /**
     * Each controller declares its own acl resource and http method.
     */
    public function testEachControllerDeclaresItsOwnAclResourceAndHttpMethod(): void
    {
        $acl = $this->aclIds();
        foreach ($this->controllers() as $short => $class) {
            [$resource, $method] = self::EXPECTED[$short];
            self::assertTrue(is_subclass_of($class, Action::class), "$short is a backend action");
            $constant = (new \ReflectionClassConstant($class, 'ADMIN_RESOURCE'));
            self::assertSame($class, $constant->getDeclaringClass()->getName(), "$short declares ADMIN_RESOURCE itself");
            self::assertSame($resource, $class::ADMIN_RESOURCE, "$short::ADMIN_RESOURCE");
            self::assertNotSame(Action::ADMIN_RESOURCE, $class::ADMIN_RESOURCE);
            self::assertContains($resource, $acl, "$short: $resource is in etc/acl.xml");
            $interface = $method === 'POST' ? HttpPostActionInterface::class : HttpGetActionInterface::class;
            self::assertTrue(is_subclass_of($class, $interface), "$short answers $method");
            if ($method === 'POST') {
                self::assertFalse(is_subclass_of($class, HttpGetActionInterface::class), "$short refuses GET");
            }
        }
    }

    /**
     * The acl tree keeps the reference ids.
     */
    public function testTheAclTreeKeepsTheReferenceIds(): void
    {
        $acl = $this->aclIds();
        foreach ([
            'MageOS_AsyncEvents::manage',
            'MageOS_AsyncEvents::async_events_view',
            'MageOS_AsyncEvents::async_events_get',
            'MageOS_AsyncEvents::async_events_save',
            'MageOS_AsyncEvents::async_events_logs',
            'MageOS_AsyncEvents::async_events_logs_list',
            'MageOS_AsyncEvents::async_events_logs_trace',
            'MageOS_AsyncEvents::async_events_logs_replay',
        ] as $id) {
            self::assertContains($id, $acl);
        }
    }

    /**
     * Every rest route needs manage.
     */
    public function testEveryRestRouteNeedsManage(): void
    {
        $xml = simplexml_load_file(dirname(__DIR__, 3) . '/etc/webapi.xml');
        $routes = [];
        foreach ($xml->route as $route) {
            $routes[] = $route['method'] . ' ' . $route['url'];
            self::assertSame('MageOS_AsyncEvents::manage', (string)$route->resources->resource['ref']);
            $interface = (string)$route->service['class'];
            self::assertTrue(method_exists($interface, (string)$route->service['method']), "$interface::{$route->service['method']}");
        }
        $post = $xml->xpath('//route[@method="POST"]/data/parameter[@name="checkResources"]')[0];
        self::assertSame('true', (string)$post['force'], 'REST clients cannot turn the ACL check off');
        self::assertSame('true', (string)$post);
        sort($routes);
        self::assertSame([
            'DELETE /V1/async_event/:subscriptionId',
            'GET /V1/async_event/:subscriptionId',
            'GET /V1/async_events',
            'POST /V1/async_event',
            'PUT /V1/async_event/:subscriptionId',
        ], $routes);
    }
}
