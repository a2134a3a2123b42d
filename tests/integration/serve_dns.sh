#!/bin/bash
# serve_dns.sh - GET /v1/verify of "bouncekit serve --verify-dns" against a
# real unbound on loopback (lib/dns.sh): the answers equal those of
# "bouncekit verify --json" with the same resolver; offline=1 (and a server
# without --verify-dns) never asks DNS.
BK_TEST_NAME=serve_dns
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/dns.sh"
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
bk_dns_available || bk_skip "unbound is not installed (scripts/install-deps.sh installs it)"
command -v curl >/dev/null 2>&1 || bk_skip "curl is not installed"
bk_isolate "$0" "$@"
bk_tmpdir
work=$BK_TMP
export HOME=$work BOUNCEKIT_POLICY=
bk_dns_start "$work/dns" || bk_fail "the DNS server did not start"
DNS=127.0.0.1:$BK_DNS_PORT
fail=0
SPID=
bk_on_exit '[ -n "$SPID" ] && kill "$SPID"'

"$BOUNCEKIT" serve --listen 127.0.0.1:0 --store "$work/s.db" --verify-dns --dns "$DNS" \
    2>"$work/server.log" &
SPID=$!
PORT=
for i in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/server.log")
    [ -n "$PORT" ] && break
    kill -0 "$SPID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$PORT" ]; then
    grep -q "no HTTP server" "$work/server.log" && bk_skip "built without libmicrohttpd"
    cat "$work/server.log" >&2
    bk_fail "the server did not start"
fi

# same NAME QUERY ADDRESS CLI-OPTIONS...: the server's answer equals the CLI's
same() {
    local name=$1 query=$2 addr=$3
    shift 3
    curl -sS -o "$work/srv.json" "http://127.0.0.1:$PORT/v1/verify?$query" || { bk_log "FAIL: $name: curl"; fail=1; return; }
    "$BOUNCEKIT" verify --json "$@" -- "$addr" >"$work/cli.json" 2>/dev/null
    if python3 - "$work/srv.json" "$work/cli.json" <<'PY'; then bk_log "ok - $name"; else bk_log "FAIL: $name"; fail=1; fi
import json, sys
a = json.load(open(sys.argv[1]))
b = json.loads(open(sys.argv[2]).read().splitlines()[0])
if a != b:
    print("    server:", json.dumps(a)); print("    cli:   ", json.dumps(b)); sys.exit(1)
PY
}
same "MX domain over DNS" "address=user@mx.bk.test&offline=0" user@mx.bk.test --dns "$DNS"
same "several MX" "address=user@multi.bk.test&offline=0" user@multi.bk.test --dns "$DNS"
same "null MX" "address=user@nullmx.bk.test&offline=0" user@nullmx.bk.test --dns "$DNS"
same "implicit MX" "address=user@aonly.bk.test&offline=0" user@aonly.bk.test --dns "$DNS"
same "NXDOMAIN" "address=user@nosuch.bk.test&offline=0" user@nosuch.bk.test --dns "$DNS"
same "offline by default" "address=user@nosuch.bk.test" user@nosuch.bk.test --offline
same "offline=1" "address=user@mx.bk.test&offline=1" user@mx.bk.test --offline
verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$work/srv.json")
[ "$verdict" = unknown ] || [ "$verdict" = deliverable ] || { bk_log "FAIL: offline verdict $verdict"; fail=1; }
kill -TERM "$SPID"
wait "$SPID" || { bk_log "FAIL: the server did not exit 0"; fail=1; }
SPID=
[ "$fail" = 0 ] || bk_fail "some checks failed"
bk_log "all passed"
