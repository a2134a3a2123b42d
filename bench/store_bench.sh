#!/bin/bash
# store_bench.sh - the store's figures: ingest rate and lookup rate
# (library, and the CLI in batch) on a store of 10 million suppressions.
#
#   bench/store_bench.sh [BUILD_DIR]     (default: build-rel, a Release build)
#
# Environment: BK_BENCH_DB (default /tmp/bk-bench-store.db, about 1.5 GB,
# kept between runs), BK_BENCH_SUPPRESSIONS (10000000), BK_BENCH_EVENTS
# (1000000), BK_BENCH_LOOKUPS (10000000), BK_BENCH_CLI_LOOKUPS (1000000).
set -eu
BUILD=${1:-build-rel}
DB=${BK_BENCH_DB:-/tmp/bk-bench-store.db}
NS=${BK_BENCH_SUPPRESSIONS:-10000000}
NCLI=${BK_BENCH_CLI_LOOKUPS:-1000000}
"$BUILD/bench/bench_store" --db "$DB" --suppressions "$NS" \
    --events "${BK_BENCH_EVENTS:-1000000}" --lookups "${BK_BENCH_LOOKUPS:-10000000}"

# The CLI in batch: addresses on standard input, 10% of them suppressed
# (the bench store holds user<i>@d<i % 50000>.example for i < N).
LIST=$(mktemp /tmp/bk-bench-addrs.XXXXXX)
trap 'rm -f "$LIST"' EXIT
awk -v n="$NCLI" -v ns="$NS" 'BEGIN { srand(7); for (k = 0; k < n; k++) {
    if (k % 10 == 0) i = int(rand() * ns); else i = ns * 4 + int(rand() * 100000000)
    printf "user%d@d%d.example\n", i, i % 50000 } }' >"$LIST"
for mode in "--index" ""; do
    start=$(date +%s.%N)
    "$BUILD/bouncekit" check --db "$DB" -q $mode - <"$LIST" || true
    end=$(date +%s.%N)
    awk -v n="$NCLI" -v s="$start" -v e="$end" -v m="${mode:-no index}" \
        'BEGIN { printf "cli check - (%s): %d addresses in %.2f s = %.0f lookups/s (load included)\n", m, n, e - s, n / (e - s) }'
done
