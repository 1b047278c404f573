<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

/**
 * The runtime and connections belong to one process: a child of pcntl_fork builds its own
 * and the parent's keep working.
 */
class ForkTest extends TestCase
{
    public function testParentAndChildBothPublishAfterAFork(): void
    {
        if (!function_exists('pcntl_fork')) {
            self::markTestSkipped('pcntl is not available');
        }
        // The parent has a runtime and an open store before the fork.
        $before = $this->client->publish('fork.test', ['who' => 'parent-before']);

        $pid = pcntl_fork();
        if ($pid === 0) {
            $code = 0;
            try {
                (new \AsyncEvents\Client($this->config))->publish('fork.test', ['who' => 'child-new-client']);
                $this->client->publish('fork.test', ['who' => 'child-inherited-client']);
            } catch (\Throwable $e) {
                fwrite(STDERR, $e->getMessage());
                $code = 1;
            }
            // Skip PHP's shutdown (and PHPUnit's) in the child.
            posix_kill(getmypid(), SIGKILL) || exit($code);
        }
        pcntl_waitpid($pid, $status);
        $after = $this->client->publish('fork.test', ['who' => 'parent-after']);

        $who = array_map(fn ($b) => json_decode($b, true)['arguments']['who'], $this->storeColumn('SELECT body FROM async_event_queue ORDER BY message_id'));
        self::assertSame(['parent-before', 'child-new-client', 'child-inherited-client', 'parent-after'], $who);
        self::assertNotSame($before, $after);
    }
}
