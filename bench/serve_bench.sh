#!/bin/bash
# serve_bench.sh - requests per second of "bouncekit serve" for GET
# /v1/check and POST /v1/explain, with bench_serve (keep-alive connections
# on loopback), on a temporary store of BK_BENCH_SUPPRESSIONS suppressions.
#
#   bench/serve_bench.sh [BUILD_DIR]     (default: build-rel, a Release build)
#
# Environment: BK_BENCH_SUPPRESSIONS (100000), BK_BENCH_SECONDS (5 per
# endpoint), BK_BENCH_CONNS (8), BK_BENCH_THREADS (server threads, 2).
set -eu
BUILD=${1:-build-rel}
N=${BK_BENCH_SUPPRESSIONS:-100000}
SECS=${BK_BENCH_SECONDS:-5}
CONNS=${BK_BENCH_CONNS:-8}
THREADS=${BK_BENCH_THREADS:-2}
T=$(mktemp -d /tmp/bk-serve-bench.XXXXXX)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T BOUNCEKIT_POLICY=
awk -v n="$N" 'BEGIN { print "address,reason"; for (i = 0; i < n; i++) printf "user%d@d%d.example,bounce\n", i, i % 5000 }' >"$T/list.csv"
"$BUILD/bouncekit" suppressions import --db "$T/s.db" "$T/list.csv" 2>/dev/null
TOKEN=bench-token-0123456789abcdef
echo "$TOKEN" >"$T/token"
"$BUILD/bouncekit" serve --listen 127.0.0.1:0 --store "$T/s.db" --token-file "$T/token" \
    --threads "$THREADS" --quiet 2>"$T/log" &
PID=$!
PORT=
for i in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/log")
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { cat "$T/log"; exit 1; }
echo "store: $N suppressions; server: $THREADS threads; client: $CONNS keep-alive connections, ${SECS}s each"
B="$BUILD/bench/bench_serve -c $CONNS -s $SECS -t $TOKEN"
$B "127.0.0.1:$PORT" GET "/v1/check?address=user$((N / 2))@d$((N / 2 % 5000)).example"
$B "127.0.0.1:$PORT" GET "/v1/check?address=nobody@nowhere.example"
printf '550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please try double-checking the recipient.' >"$T/reply.txt"
$B -T text/plain -b "$T/reply.txt" "127.0.0.1:$PORT" POST /v1/explain
$B "127.0.0.1:$PORT" GET /healthz
kill -TERM "$PID"
wait "$PID"
PID=
