<?php

declare(strict_types=1);

/**
 * Scrapes a consumer's metrics endpoint (`metrics_listen`) during a benchmark run: every
 * INTERVAL_MS until STOP_FILE exists, GET URL and append one JSON line to OUT with the time
 * (microtime) and the figures bench_metrics_figures() reads; refused connections (no run
 * serving yet, or any more) are counted, not written.
 * Usage: php metrics_scraper.php URL OUT STOP_FILE [INTERVAL_MS=100]
 */

require __DIR__ . '/lib.php';

[, $url, $out, $stopFile] = $argv;
$interval = (int) ($argv[4] ?? 100) * 1000;
// A scrape cut by the end of a run must not make the scraper miss the next one
$context = stream_context_create(['http' => ['timeout' => 0.5, 'ignore_errors' => true]]);
$file = fopen($out, 'w');
while (!file_exists($stopFile)) {
    $t = microtime(true);
    $text = @file_get_contents($url, false, $context);
    if (is_string($text) && str_contains($text, 'async_events_')) {
        fwrite($file, json_encode(['t' => $t, 'figures' => bench_metrics_figures($text)]) . "\n");
        fflush($file);
    }
    usleep(max(0, $interval - (int) ((microtime(true) - $t) * 1e6)));
}
fclose($file);
