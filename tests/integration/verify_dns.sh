#!/bin/bash
# verify_dns.sh - "bouncekit verify" against a real unbound on loopback
# (lib/dns.sh) serving test zones: MX, several MX, null MX, A only, no
# mail, NXDOMAIN, REFUSED, SERVFAIL and a server that never answers.
BK_TEST_NAME=verify_dns
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/dns.sh"
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
bk_dns_available || bk_skip "unbound is not installed (scripts/install-deps.sh installs it)"
bk_isolate "$0" "$@"
bk_tmpdir
work=$BK_TMP
bk_dns_start "$work/dns" || bk_fail "the DNS server did not start"
DNS=127.0.0.1:$BK_DNS_PORT
fail=0

# expect ADDRESS FIELD=VALUE... : checks the JSON fields of one result.
check() {
    local addr=$1
    shift
    "$BOUNCEKIT" verify --json --dns "$DNS" --dns-timeout 700 --dns-tries 1 -- "$addr" >"$work/out.json" 2>"$work/err" || true
    if ! python3 - "$work/out.json" "$addr" "$@" <<'PY'; then fail=1; fi
import json, sys
path, addr, *checks = sys.argv[1:]
lines = open(path).read().splitlines()
if len(lines) != 1:
    print(f"{addr}: expected one line, got {len(lines)}"); sys.exit(1)
r = json.loads(lines[0])
bad = 0
for c in checks:
    key, want = c.split("=", 1)
    v = r
    for part in key.split("."):
        v = v[part]
    got = json.dumps(v, separators=(",", ":"))
    if got != want:
        print(f"{addr}: {key}: expected {want}, got {got}"); bad = 1
sys.exit(bad)
PY
}

# The test zones answer as they claim: rcode of an MX query per name.
for want in mx.bk.test=NOERROR nosuch.bk.test=NXDOMAIN servfail.test=SERVFAIL refused.bk.test=REFUSED; do
    got=$(bk_dns_query "$BK_DNS_PORT" "${want%%=*}" MX 3 | head -1)
    [ "$got" = "${want#*=}" ] || { echo "unexpected rcode: ${want%%=*}: $got"; fail=1; }
done

check jane@mx.bk.test verdict='"deliverable"' reasons='[]' domain.exists=true 'domain.mx=["mail.mx.bk.test"]' domain.null_mx=false domain.implicit_mx=false smtp=null
check jane@multi.bk.test verdict='"deliverable"' 'domain.mx=["a.multi.bk.test","b.multi.bk.test"]'
check jane@MX.Bk.Test normalized='"jane@mx.bk.test"' verdict='"deliverable"'
check jane@nullmx.bk.test verdict='"undeliverable"' 'reasons=["null_mx"]' domain.null_mx=true domain.exists=true 'domain.mx=[]'
check jane@aonly.bk.test verdict='"deliverable"' domain.implicit_mx=true 'domain.mx=[]'
check jane@nomail.bk.test verdict='"undeliverable"' 'reasons=["no_mx"]' domain.exists=true
check jane@nosuch.bk.test verdict='"undeliverable"' 'reasons=["domain_not_found"]' domain.exists=false
check jane@sub.nosuch.bk.test verdict='"undeliverable"' 'reasons=["domain_not_found"]'
check jane@refused.bk.test verdict='"unknown"' 'reasons=["dns_error"]' domain.exists=null
check jane@servfail.test verdict='"unknown"' 'reasons=["dns_error"]' domain.exists=null
check jane@silent.test verdict='"unknown"' 'reasons=["timeout"]' domain.exists=null
# Lists and typos combine with DNS: a role address at a good domain.
check postmaster@mx.bk.test verdict='"risky"' 'reasons=["role"]' role=true
# A syntax error never reaches DNS.
check 'jane@@mx.bk.test' verdict='"undeliverable"' 'reasons=["syntax_error"]' domain.exists=null
# --offline skips DNS.
"$BOUNCEKIT" verify --json --offline jane@nosuch.bk.test >"$work/off.json"
grep -q '"verdict":"unknown","reasons":\["offline"\]' "$work/off.json" || { echo "offline: $(cat "$work/off.json")"; fail=1; }

# Many addresses: in input order, each domain asked once.
: >"$work/list.txt"
for i in $(seq 1 300); do
    echo "user$i@d$((i % 50)).bench.bk.test" >>"$work/list.txt"
    echo "user$i@nosuch.bk.test" >>"$work/list.txt"
done
"$BOUNCEKIT" verify --json --dns "$DNS" --input "$work/list.txt" --no-progress >"$work/list.json" 2>"$work/list.err"
python3 - "$work/list.txt" "$work/list.json" <<'PY' || fail=1
import json, sys
addrs = open(sys.argv[1]).read().split()
res = [json.loads(l) for l in open(sys.argv[2])]
assert [r["address"] for r in res] == addrs, "order differs"
for r in res:
    want = "undeliverable" if r["address"].endswith("@nosuch.bk.test") else "deliverable"
    assert r["verdict"] == want, r
PY
grep -q "deliverable *300" "$work/list.err" || { echo "summary:"; cat "$work/list.err"; fail=1; }

# A bad --dns is a usage error.
"$BOUNCEKIT" verify --dns not-an-ip jane@mx.bk.test >/dev/null 2>&1
[ $? -eq 2 ] || { echo "--dns not-an-ip: expected exit 2"; fail=1; }

[ $fail -eq 0 ] && echo "verify_dns: all checks passed"
exit $fail
