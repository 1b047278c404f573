<?php
/**
 * Tests of the Logs grid's column filters as search clauses.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Test\Unit\Model\Search;

use MageOS\AsyncEvents\Model\Log\LogReader;
use MageOS\AsyncEvents\Model\Search\LogSearch;
use MageOS\AsyncEvents\Model\Search\QueryBuilder;
use MageOS\AsyncEvents\Test\Unit\Receiver;
use MageOS\AsyncEvents\Test\Unit\TestCase;

/**
 * The clauses are what the filters mean, checked against the SQL listing of the same log, and
 * escaped values can never change the query they are added to.
 */
class QueryBuilderTest extends TestCase
{
    /**
     * @var Receiver|null
     */
    private ?Receiver $receiver = null;

    /**
     * @inheritdoc
     */
    protected function tearDown(): void
    {
        if ($this->receiver !== null) {
            $this->receiver->stop();
        }
        parent::tearDown();
    }

    /**
     * Special characters, spaces and the operator words are escaped.
     */
    public function testValuesAreEscaped(): void
    {
        $builder = new QueryBuilder();
        self::assertSame('a\\:b\\ \\(c\\)\\ \\"d\\"\\*\\?\\\\', $builder->escape('a:b (c) "d"*?\\'));
        self::assertSame('customer\\-created', $builder->escape('customer-created'));
        self::assertSame('\\AND', $builder->escape('AND'));
        self::assertSame('and', $builder->escape('and'));
    }

    /**
     * Each condition becomes its clause; unknown columns and empty values are left out.
     */
    public function testEachConditionBecomesItsClause(): void
    {
        $builder = new QueryBuilder();
        self::assertSame(
            'event_name:*order\\ created* AND success:false AND log_id:[5 TO *] AND log_id:[* TO 9] AND trigger:publish'
            . ' AND http_status:500 AND uuid:*01\\-a?c%*',
            $builder->fromGridFilters([
                ['event_name', 'like', '%order created%'],
                ['success', 'eq', '0'],
                ['log_id', 'gteq', '5'],
                ['log_id', 'lteq', '9'],
                ['trigger_kind', 'eq', 'publish'],
                ['http_status', 'like', '%500%'],
                ['response_data', 'eq', 'secret'],
                ['error_code', 'eq', '  '],
                ['uuid', 'like', '%01-a_c\\%%'],
            ])
        );
        self::assertSame('', $builder->fromGridFilters([]));
        self::assertSame('created:["2026-01-01 00:00" TO *]', $builder->fromGridFilters([['created', 'gteq', '2026-01-01 00:00']]));
        self::assertSame('success:true', $builder->fromGridFilters([['success', 'eq', '1']]));
        self::assertSame('a OR b', $builder->combine('a OR b', ''));
        self::assertSame('(a OR b) AND (success:true)', $builder->combine('a OR b', 'success:true'));
    }

    /**
     * The clauses select what the SQL listing selects with the same filters.
     */
    public function testTheClausesSelectWhatTheListingSelects(): void
    {
        $this->receiver = new Receiver();
        $this->recordAttempts($this->receiver, 6, 3);
        $builder = new QueryBuilder();
        $search = new LogSearch($this->clientProvider());
        $reader = new LogReader($this->store());
        $all = $reader->getPage([], 'log_id', 'DESC', 100)['items'];
        self::assertCount(9, $all);
        $uuid = $all[4]['uuid'];
        $ids = array_map('intval', array_column($all, 'log_id'));
        sort($ids);

        $cases = [
            'event name, any case' => [['event_name', 'like', '%ORDER%']],
            'failures' => [['success', 'eq', '0']],
            'successes' => [['success', 'eq', '1']],
            'an id range' => [['log_id', 'gteq', (string)$ids[2]], ['log_id', 'lteq', (string)$ids[6]]],
            'part of a uuid' => [['uuid', 'like', '%' . substr($uuid, 9, 14) . '%']],
            'a uuid' => [['uuid', 'eq', $uuid]],
            'an HTTP status' => [['http_status', 'like', '%500%']],
            'the trigger and a subscription' => [['trigger_kind', 'eq', 'publish'], ['subscription_id', 'eq', (string)$all[0]['subscription_id']]],
            'a single character wildcard' => [['event_name', 'like', 'test.order.create_']],
        ];
        foreach ($cases as $case => $filters) {
            $expected = array_column($reader->getPage($filters, 'log_id', 'DESC', 100)['items'], 'log_id');
            self::assertNotEmpty($expected, $case);
            $found = $search->search($builder->combine('*:*', $builder->fromGridFilters($filters)), 100);
            self::assertSame(array_map('intval', $expected), array_column($found['items'], 'log_id'), $case);
            self::assertSame(count($expected), $found['total_count'], $case);
        }
    }

    /**
     * A filter value made of query syntax matches itself, literally, and breaks nothing.
     */
    public function testAFilterValueCannotChangeTheQuery(): void
    {
        $this->receiver = new Receiver();
        $this->recordAttempts($this->receiver, 2, 1);
        $builder = new QueryBuilder();
        $search = new LogSearch($this->clientProvider());
        foreach (['x) OR (*', '*', 'a OR b', '"', '\\', 'AND', 'test.order.created OR event_name:*'] as $value) {
            $query = $builder->combine('*:*', $builder->fromGridFilters([['event_name', 'eq', $value]]));
            self::assertSame(0, $search->search($query, 10)['total_count'], $value);
        }
        $query = $builder->combine('*:*', $builder->fromGridFilters([['event_name', 'eq', 'TEST.ORDER.CREATED']]));
        self::assertSame(2, $search->search($query, 10)['total_count'], 'a whole value, any case');
    }
}
