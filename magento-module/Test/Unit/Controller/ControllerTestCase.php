<?php
/**
 * Base of the admin controller tests: a backend context over the framework stand-ins.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Controller;

use MageOS\AsyncEvents\Test\Unit\Fake\Authorization;
use MageOS\AsyncEvents\Test\Unit\Fake\MessageManager;
use MageOS\AsyncEvents\Test\Unit\Fake\ObjectManager;
use MageOS\AsyncEvents\Test\Unit\Fake\Request;
use MageOS\AsyncEvents\Test\Unit\Fake\Response;
use MageOS\AsyncEvents\Test\Unit\Fake\UrlBuilder;
use MageOS\AsyncEvents\Test\Unit\TestCase;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Backend\Model\View\Result\Page as BackendPage;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Controller\ResultInterface;
use Magento\Framework\Controller\Result\Redirect;
use Magento\Framework\View\Result\PageFactory;

/**
 * Requests with parameters, an admin user holding every ACL resource of etc/acl.xml unless the
 * test says otherwise, and the result rendered into a response the test reads.
 */
abstract class ControllerTestCase extends TestCase
{
    /**
     * @var MessageManager
     */
    protected MessageManager $messages;

    /**
     * @var Response
     */
    protected Response $response;

    /**
     * @var Authorization
     */
    protected Authorization $authorization;

    /**
     * @var ObjectManager
     */
    private ObjectManager $objectManager;

    /**
     * @inheritdoc
     */
    protected function setUp(): void
    {
        parent::setUp();
        $xml = simplexml_load_file(dirname(__DIR__, 3) . '/etc/acl.xml');
        $this->authorization = new Authorization(array_map('strval', $xml->xpath('//resource/@id') ?: []));
    }

    /**
     * A backend context for a request to async_events/<controller>/...
     *
     * @param array<string, mixed> $params
     * @param string $controller
     * @return Context
     */
    protected function context(array $params = [], string $controller = 'deadletters'): Context
    {
        $this->messages = new MessageManager();
        $this->response = new Response();
        $this->objectManager = new ObjectManager();
        $urlBuilder = new UrlBuilder($controller);
        $this->objectManager->factories[Redirect::class] = static fn () => new Redirect($urlBuilder);
        return new Context(
            new Request($params),
            $this->response,
            $this->messages,
            $this->authorization,
            new ResultFactory($this->objectManager)
        );
    }

    /**
     * The admin's page factory (backend pages), over the last context's object manager.
     *
     * @return PageFactory
     */
    protected function pageFactory(): PageFactory
    {
        return new PageFactory($this->objectManager, BackendPage::class);
    }

    /**
     * Dispatch an action as the admin front controller does and render its result.
     *
     * @param Action $action
     * @return Response
     */
    protected function dispatch(Action $action): Response
    {
        $result = $action->dispatch($action->getRequest());
        if ($result instanceof ResultInterface) {
            $result->renderResult($this->response);
        }
        return $this->response;
    }
}
