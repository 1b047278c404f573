<?php

declare(strict_types=1);

namespace AsyncEvents\Tests;

use AsyncEvents\Exception\NotFoundException;
use AsyncEvents\Exception\SsrfException;
use AsyncEvents\Exception\ValidationException;

class SubscriptionTest extends TestCase
{
    public function testCreateUpdateDisableListDelete(): void
    {
        $created = $this->subscribe('Sales.Order.Created', 'http://127.0.0.1:9/hook');
        self::assertSame('sales.order.created', $created['event_name']);
        self::assertTrue($created['status']);
        self::assertSame('http', $created['metadata']);
        self::assertArrayNotHasKey('verification_token', $created);
        $id = $created['subscription_id'];

        $updated = $this->client->updateSubscription($id, ['recipient_url' => 'http://127.0.0.1:10/other', 'timeout_ms' => 2000]);
        self::assertSame('http://127.0.0.1:10/other', $updated['recipient_url']);
        self::assertSame(2000, $updated['timeout_ms']);

        self::assertFalse($this->client->disableSubscription($id)['status']);
        self::assertSame([], $this->client->listSubscriptions(['status' => true]));
        self::assertTrue($this->client->enableSubscription($id)['status']);
        self::assertCount(1, $this->client->listSubscriptions(['event_name' => 'sales.order.created']));

        $this->client->deleteSubscription($id);
        $this->expectException(NotFoundException::class);
        $this->client->getSubscription($id);
    }

    public function testTheTokenIsEncryptedAtRest(): void
    {
        $this->subscribe('a.b', 'http://127.0.0.1:9/x', 'very-secret-token');
        [$stored] = $this->storeColumn('SELECT verification_token FROM async_event_subscriber');
        self::assertStringNotContainsString('very-secret-token', $stored);
        self::assertStringStartsWith('aev1:', $stored);
    }

    public function testInternalAddressesAreRefusedWithoutTheAllowList(): void
    {
        $this->expectException(SsrfException::class);
        $this->client->createSubscription(['event_name' => 'a.b', 'recipient_url' => 'http://169.254.169.254/latest/meta-data', 'verification_token' => 't']);
    }

    public function testUnknownSinksAndSchemesAreRefused(): void
    {
        try {
            $this->client->createSubscription(['event_name' => 'a.b', 'recipient_url' => 'http://127.0.0.1/', 'verification_token' => 't', 'metadata' => 'kafka']);
            self::fail('unknown sink accepted');
        } catch (ValidationException $e) {
            self::assertStringContainsString('known sink', $e->getMessage());
        }
        $this->expectException(ValidationException::class);
        $this->client->createSubscription(['event_name' => 'a.b', 'recipient_url' => 'file:///etc/passwd', 'verification_token' => 't']);
    }

    public function testUpdatingAMissingSubscriptionRaisesNotFound(): void
    {
        $this->expectException(NotFoundException::class);
        $this->client->updateSubscription(999, ['status' => false]);
    }
}
