#!/bin/bash
# dns_server.sh - smoke test of the loopback DNS server of lib/dns.sh:
# query each test zone and check the answer (python3 client; dig as well
# when it is installed).
BK_TEST_NAME=dns_server
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/dns.sh"

bk_dns_available || bk_skip "unbound is not installed (scripts/install-deps.sh installs it)"
bk_isolate "$0" "$@"
bk_tmpdir
BK_DNS_SLOW=3 bk_dns_start "$BK_TMP/dns" || bk_fail "the DNS server did not start"
port=$BK_DNS_PORT
bk_log "unbound on 127.0.0.1:$port"

fails=0
expect() {   # expect NAME TYPE "WANTED OUTPUT" [TIMEOUT]
    local got
    got=$(bk_dns_query "$port" "$1" "$2" "${4:-3}" | paste -sd'|' -)
    if [ "$got" = "$3" ]; then
        bk_log "ok   $1 $2: $got"
    else
        bk_log "FAIL $1 $2: got '$got', want '$3'"
        fails=$((fails + 1))
    fi
}
expect mx.bk.test MX "NOERROR|MX 10 mail.mx.bk.test."
expect mail.mx.bk.test A "NOERROR|A 127.0.0.1"
expect nullmx.bk.test MX "NOERROR|MX 0 ."
expect aonly.bk.test MX "NOERROR"
expect aonly.bk.test A "NOERROR|A 127.0.0.1"
expect catchall.bk.test MX "NOERROR|MX 10 mail.mx.bk.test."
expect nomail.bk.test MX "NOERROR"
expect nomail.bk.test TXT "NOERROR|16 0c6e6f206d61696c2068657265"
expect refused.bk.test MX "REFUSED"
expect d7.bench.bk.test MX "NOERROR|MX 10 mail.mx.bk.test."
# Several MX: unbound rotates the records, so compare them sorted.
got=$(bk_dns_query "$port" multi.bk.test MX 3 | sort | paste -sd'|' -)
if [ "$got" = "MX 10 a.multi.bk.test.|MX 20 b.multi.bk.test.|NOERROR" ]; then
    bk_log "ok   multi.bk.test MX: $got"
else
    bk_log "FAIL multi.bk.test MX: got '$got'"
    fails=$((fails + 1))
fi
expect nosuch.bk.test MX "NXDOMAIN"
expect nosuch.bk.test A "NXDOMAIN"
expect servfail.test MX "SERVFAIL"
expect www.servfail.test A "SERVFAIL"
# Nothing outside the test zones is resolved (the server never recurses).
expect example.com A "NXDOMAIN"

# The silent zone never answers, however long the client waits.
expect q0.silent.test A "TIMEOUT" 3

# The slow zone: a client that waits 1 s sees no answer; one that waits
# long enough gets it, no sooner than the configured delay.
expect q1.slow.test A "TIMEOUT" 1
t0=$(date +%s%N)
expect q2.slow.test A "NOERROR|A 127.0.0.1" 10
took=$((($(date +%s%N) - t0) / 1000000))
if [ "$took" -ge 2500 ]; then
    bk_log "ok   slow.test answered after $took ms"
else
    bk_log "FAIL slow.test answered after $took ms, want >= 2500 ms"
    fails=$((fails + 1))
fi

if command -v dig >/dev/null 2>&1; then
    got=$(dig @127.0.0.1 -p "$port" +short +time=2 +tries=1 nullmx.bk.test MX)
    [ "$got" = "0 ." ] && bk_log "ok   dig nullmx.bk.test MX: $got" ||
        { bk_log "FAIL dig nullmx.bk.test MX: '$got'"; fails=$((fails + 1)); }
    got=$(dig @127.0.0.1 -p "$port" +time=2 +tries=1 nosuch.bk.test A | grep -o 'status: [A-Z]*')
    [ "$got" = "status: NXDOMAIN" ] && bk_log "ok   dig nosuch.bk.test: $got" ||
        { bk_log "FAIL dig nosuch.bk.test: '$got'"; fails=$((fails + 1)); }
fi
[ "$fails" = 0 ] || bk_fail "$fails DNS answer(s) differ"
bk_log "all answers as expected"
