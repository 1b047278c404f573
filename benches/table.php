<?php

declare(strict_types=1);

/**
 * Prints the rows the benchmark scripts appended to RESULTS_TSV (see bench_row() in
 * lib.php) as one Markdown table. Usage: php table.php RESULTS_TSV
 */

$rows = array_map(fn ($line) => explode("\t", $line), file($argv[1], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: []);
echo "| what | ours | reference | reference figure | unit | ratio (>1: ours better) | note |\n";
echo "|---|---:|---|---:|---|---:|---|\n";
foreach ($rows as $row) {
    echo '| ', implode(' | ', array_pad($row, 7, '')), " |\n";
}
