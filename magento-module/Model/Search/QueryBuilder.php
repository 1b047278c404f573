<?php
/**
 * Builds Lucene clauses from the Logs grid's column filters.
 */
declare(strict_types=1);

namespace MageOS\AsyncEvents\Model\Search;

/**
 * The Logs grid's column filters, written as clauses of the extension's query syntax so that they
 * narrow a search the way they narrow the plain listing: `eq` is a whole-value match, `like` a
 * wildcard (`%` any run, `_` one character), `gteq`/`lteq` an open range. Values are escaped, so a
 * filter can never change the meaning of the query it is added to.
 */
class QueryBuilder
{
    /**
     * Grid columns and the search fields they are (the grid says trigger_kind for the log's trigger).
     */
    public const FIELDS = [
        'log_id' => 'log_id',
        'uuid' => 'uuid',
        'subscription_id' => 'subscription_id',
        'event_name' => 'event_name',
        'store_id' => 'store_id',
        'success' => 'success',
        'attempt' => 'attempt',
        'http_status' => 'http_status',
        'duration_ms' => 'duration_ms',
        'error_code' => 'error_code',
        'trigger_kind' => 'trigger',
        'created' => 'created',
    ];

    /**
     * Fields holding numbers: a `like` filter on them matches the number typed, without wildcards.
     */
    private const NUMERIC_FIELDS = ['log_id', 'subscription_id', 'store_id', 'attempt', 'http_status', 'duration_ms'];

    /**
     * Characters the query syntax gives a meaning to (a backslash makes any character literal).
     */
    private const SPECIAL = '\\+-&|!(){}[]^"~*?:/';

    /**
     * The clauses of the grid filters joined with AND, or '' when none applies.
     *
     * @param array<int, array{0: string, 1: string, 2: mixed}> $filters [column, condition (eq|like|gteq|lteq), value]
     * @return string
     */
    public function fromGridFilters(array $filters): string
    {
        $clauses = [];
        foreach ($filters as [$column, $condition, $value]) {
            $clause = $this->clause((string)$column, (string)$condition, $value);
            if ($clause !== '') {
                $clauses[] = $clause;
            }
        }
        return implode(' AND ', $clauses);
    }

    /**
     * A query and filter clauses, both required: `(query) AND (filters)`.
     *
     * @param string $query
     * @param string $filters
     * @return string
     */
    public function combine(string $query, string $filters): string
    {
        if ($filters === '') {
            return $query;
        }
        return "($query) AND ($filters)";
    }

    /**
     * Escape a value so that it is read as one literal word.
     *
     * @param string $value
     * @return string
     */
    public function escape(string $value): string
    {
        $escaped = '';
        $length = strlen($value);
        for ($i = 0; $i < $length; $i++) {
            $char = $value[$i];
            if (strpos(self::SPECIAL, $char) !== false || ctype_space($char)) {
                $escaped .= '\\';
            }
            $escaped .= $char;
        }
        // AND, OR and NOT alone are operators.
        return in_array($escaped, ['AND', 'OR', 'NOT'], true) ? '\\' . $escaped : $escaped;
    }

    /**
     * One filter as a clause, or '' for a column the log does not have or an empty value.
     *
     * @param string $column
     * @param string $condition
     * @param mixed $value
     * @return string
     */
    private function clause(string $column, string $condition, $value): string
    {
        $field = self::FIELDS[$column] ?? null;
        if ($field === null || $value === null || is_array($value) || trim((string)$value) === '') {
            return '';
        }
        $value = trim((string)$value);
        if ($field === 'success') {
            return 'success:' . ((bool)(int)$value ? 'true' : 'false');
        }
        switch ($condition) {
            case 'like':
                $pattern = trim($value, '%');
                if (in_array($field, self::NUMERIC_FIELDS, true) && ctype_digit($pattern)) {
                    return $field . ':' . $pattern;
                }
                return $field . ':' . $this->wildcard($value);
            case 'gteq':
                return $field . ':[' . $this->bound($value) . ' TO *]';
            case 'lteq':
                return $field . ':[* TO ' . $this->bound($value) . ']';
            default:
                return $field . ':' . $this->escape($value);
        }
    }

    /**
     * A LIKE pattern as a wildcard word: `%` is `*`, `_` is `?`, `\%` and `\_` are literal.
     *
     * @param string $pattern
     * @return string
     */
    private function wildcard(string $pattern): string
    {
        $word = '';
        $length = strlen($pattern);
        for ($i = 0; $i < $length; $i++) {
            $char = $pattern[$i];
            if ($char === '\\' && $i + 1 < $length && ($pattern[$i + 1] === '%' || $pattern[$i + 1] === '_')) {
                $word .= $this->escape($pattern[++$i]);
            } elseif ($char === '%') {
                $word .= '*';
            } elseif ($char === '_') {
                $word .= '?';
            } else {
                $word .= $this->escape($char);
            }
        }
        return $word;
    }

    /**
     * A range bound: a number as it is, anything else as a quoted phrase.
     *
     * @param string $value
     * @return string
     */
    private function bound(string $value): string
    {
        if (is_numeric($value)) {
            return $value;
        }
        return '"' . str_replace(['\\', '"'], ['\\\\', '\\"'], $value) . '"';
    }
}
