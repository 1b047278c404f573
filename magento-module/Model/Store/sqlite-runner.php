<?php
/**
 * Runs SQL statements on an SQLite store in a process of its own, for StoreConnection.
 *
 * The async_events extension links its own copy of SQLite. Two copies of SQLite with the same
 * database file open in one process break each other's POSIX locks and can corrupt the file
 * (https://sqlite.org/howtocorrupt.html#multiple_copies_of_sqlite_linked_into_the_same_application),
 * so PHP's pdo_sqlite never opens the store inside a process that uses the extension: this script
 * does, in a child process that never touches the extension.
 *
 * stdin: {"path": "...", "statements": [{"sql": "...", "bind": [...], "mode": "all|column|exec"}]}
 * stdout: {"results": [...]} or {"error": "..."}; the statements run in one transaction.
 */
declare(strict_types=1);

$request = json_decode((string)stream_get_contents(STDIN), true);
try {
    if (!is_array($request) || !is_string($request['path'] ?? null) || !is_array($request['statements'] ?? null)) {
        throw new InvalidArgumentException('bad request');
    }
    if (!is_file($request['path'])) {
        throw new RuntimeException("no SQLite store at {$request['path']}");
    }
    $pdo = new PDO('sqlite:' . $request['path'], null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $pdo->exec('PRAGMA busy_timeout = 10000');
    $pdo->beginTransaction();
    $results = [];
    foreach ($request['statements'] as $statement) {
        $query = $pdo->prepare((string)$statement['sql']);
        $query->execute(array_values((array)($statement['bind'] ?? [])));
        switch ($statement['mode'] ?? 'all') {
            case 'exec':
                $results[] = $query->rowCount();
                break;
            case 'column':
                $results[] = $query->fetchAll(PDO::FETCH_COLUMN);
                break;
            default:
                $results[] = $query->fetchAll(PDO::FETCH_ASSOC);
        }
        $query->closeCursor();
    }
    $pdo->commit();
    echo json_encode(['results' => $results], JSON_INVALID_UTF8_SUBSTITUTE);
} catch (Throwable $e) {
    echo json_encode(['error' => get_class($e) . ': ' . $e->getMessage()], JSON_INVALID_UTF8_SUBSTITUTE);
}
