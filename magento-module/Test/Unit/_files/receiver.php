<?php
/**
 * Router of PHP's built-in server for the module's tests: records each request (path, headers,
 * body) as a JSON line in $RECEIVER_LOG; paths starting with /fail answer 500, others 200.
 */
declare(strict_types=1);

$headers = [];
foreach (getallheaders() as $name => $value) {
    $headers[strtolower($name)] = $value;
}
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$line = json_encode(['path' => $path, 'headers' => $headers, 'body' => file_get_contents('php://input')]);
file_put_contents((string)getenv('RECEIVER_LOG'), $line . "\n", FILE_APPEND | LOCK_EX);
http_response_code(str_starts_with((string)$path, '/fail') ? 500 : 200);
echo 'ok';
