#!/bin/bash
# verify_dns.sh - "bouncekit verify" with DNS against a real unbound on
# loopback: N distinct domains (one address each), all answered by the
# server of tests/integration/lib/dns.sh (a redirect zone gives every name
# under bench.bk.test an MX).
#
#   bench/verify_dns.sh [BUILD_DIR] [N]     (default build, 50000)
#
# Prints distinct domains per second.  Use a Release build.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
n=${2:-50000}
bk=$build/bouncekit
BK_TEST_NAME=bench/verify_dns
. "$src/tests/integration/lib/common.sh"
. "$src/tests/integration/lib/dns.sh"
bk_dns_available || { echo "unbound is needed (apt-get install unbound)"; exit 1; }
bk_tmpdir
work=$BK_TMP
bk_dns_start "$work/dns" || { echo "the DNS server did not start"; exit 1; }
python3 -c "
import sys
for i in range($n):
    print(f'user{i}@d{i}.bench.bk.test')
" >"$work/list.txt"
for inflight in 256; do
    start=$(date +%s.%N)
    "$bk" verify --json --dns "127.0.0.1:$BK_DNS_PORT" --input "$work/list.txt" --output "$work/out.json" \
        --no-progress --batch 20000 --data-dir "$src/data/verify" 2>"$work/summary.txt" || true
    end=$(date +%s.%N)
    ok=$(grep -c '"verdict":"deliverable"' "$work/out.json" || true)
    python3 -c "
n, ok, s = $n, $ok, $end - $start
print(f'DNS: {n} distinct domains in {s:.2f} s = {n / s:.0f} domains/s ({ok} answered with an MX)')"
done
