<?php
/**
 * Tests of the admin pages: Subscribers, Logs, Dead Letters and the trace page.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Controller;

use MageOS\AsyncEvents\Controller\Adminhtml\DeadLetters\Index as DeadLettersIndex;
use MageOS\AsyncEvents\Controller\Adminhtml\Events\Index as EventsIndex;
use MageOS\AsyncEvents\Controller\Adminhtml\Logs\Index as LogsIndex;
use MageOS\AsyncEvents\Controller\Adminhtml\Logs\Trace;

/**
 * Each page has its title and menu entry, and is refused without its ACL resource.
 */
class PagesTest extends ControllerTestCase
{
    /**
     * Each index page has its title and menu entry.
     *
     * @dataProvider indexPages
     * @param class-string $class
     * @param string $controller
     * @param string $title
     * @param string $menu
     */
    public function testEachIndexPageHasItsTitleAndMenuEntry(string $class, string $controller, string $title, string $menu): void
    {
        $context = $this->context([], $controller);
        $response = $this->dispatch(new $class($context, $this->pageFactory()));
        self::assertSame(200, $response->code);
        self::assertStringContainsString("<title>$title</title>", $response->body);
        self::assertStringContainsString('data-active-menu="' . $menu . '"', $response->body);
        self::assertSame([$class::ADMIN_RESOURCE], $this->authorization->asked);
    }

    /**
     * @return array<string, array{0: class-string, 1: string, 2: string, 3: string}>
     */
    public function indexPages(): array
    {
        return [
            'subscribers' => [EventsIndex::class, 'events', 'Asynchronous Event Subscribers', 'MageOS_AsyncEvents::index'],
            'logs' => [LogsIndex::class, 'logs', 'Asynchronous Event Logs', 'MageOS_AsyncEvents::logs'],
            'dead letters' => [DeadLettersIndex::class, 'deadletters', 'Asynchronous Event Dead Letters', 'MageOS_AsyncEvents::dead_letters'],
        ];
    }

    /**
     * A page is refused without its ACL resource.
     */
    public function testAPageIsRefusedWithoutItsAclResource(): void
    {
        $this->authorization->allowed = ['MageOS_AsyncEvents::async_events_view'];
        $context = $this->context([], 'deadletters');
        $response = $this->dispatch(new DeadLettersIndex($context, $this->pageFactory()));
        self::assertSame(403, $response->code);
        self::assertSame('', $response->body);
    }

    /**
     * The trace page is titled with the event and goes back to the logs without one.
     */
    public function testTheTracePageIsTitledWithTheEventAndGoesBackWithoutOne(): void
    {
        $uuid = '01a209e2-d955-73c6-8e48-d1720bcd539f';
        $response = $this->dispatch(new Trace($this->context(['uuid' => $uuid], 'logs'), $this->pageFactory()));
        self::assertStringContainsString("<title>Event $uuid</title>", $response->body);
        self::assertStringContainsString('data-active-menu="MageOS_AsyncEvents::logs"', $response->body);

        $response = $this->dispatch(new Trace($this->context(['uuid' => 'nope'], 'logs'), $this->pageFactory()));
        self::assertSame('/admin/async_events/logs/index/', $response->redirect);
        self::assertSame([['error', 'Choose an event in the log to trace it.']], $this->messages->messages);
    }
}
