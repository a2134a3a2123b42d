#!/bin/bash
# verify_dns.sh - "bouncekit verify" against a real unbound on loopback
# serving test zones: MX, several MX, null MX, A only, no mail, NXDOMAIN,
# REFUSED, SERVFAIL and a server that never answers.
set -u
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
command -v unbound >/dev/null || { echo "skip: unbound is not installed"; exit 77; }
. "$BK_SRC/tests/integration/verify_lib.bash"
work=$(mktemp -d)
trap 'vt_stop_unbound; rm -rf "$work"' EXIT
vt_start_unbound "$work" || exit 1
fail=0

# expect ADDRESS FIELD=VALUE... : checks the JSON fields of one result.
check() {
    local addr=$1
    shift
    "$BOUNCEKIT" verify --json --dns "$VT_DNS" --dns-timeout 700 --dns-tries 1 -- "$addr" >"$work/out.json" 2>"$work/err" || true
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
if ! python3 - "${VT_DNS#*:}" <<'PY'; then fail=1; fi
import socket, struct, sys
port = int(sys.argv[1])
def rcode(name):
    q = struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    q += struct.pack(">HH", 15, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(q, ("127.0.0.1", port))
    return s.recvfrom(4096)[0][3] & 15
want = {"mx.test": 0, "nx.test": 3, "servfail.test": 2, "refused.test": 5}
bad = {n: rcode(n) for n in want if rcode(n) != want[n]}
if bad:
    print("unexpected rcodes:", bad); sys.exit(1)
PY

check jane@mx.test verdict='"deliverable"' reasons='[]' domain.exists=true 'domain.mx=["mail.mx.test"]' domain.null_mx=false domain.implicit_mx=false smtp=null
check jane@multi.test verdict='"deliverable"' 'domain.mx=["a.multi.test","b.multi.test"]'
check jane@MX.Test normalized='"jane@mx.test"' verdict='"deliverable"'
check jane@nullmx.test verdict='"undeliverable"' 'reasons=["null_mx"]' domain.null_mx=true domain.exists=true 'domain.mx=[]'
check jane@aonly.test verdict='"deliverable"' domain.implicit_mx=true 'domain.mx=[]'
check jane@nomail.test verdict='"undeliverable"' 'reasons=["no_mx"]' domain.exists=true
check jane@nx.test verdict='"undeliverable"' 'reasons=["domain_not_found"]' domain.exists=false
check jane@sub.nx.test verdict='"undeliverable"' 'reasons=["domain_not_found"]'
check jane@refused.test verdict='"unknown"' 'reasons=["dns_error"]' domain.exists=null
check jane@servfail.test verdict='"unknown"' 'reasons=["dns_error"]' domain.exists=null
check jane@slow.test verdict='"unknown"' 'reasons=["timeout"]' domain.exists=null
# Lists and typos combine with DNS: a role address at a good domain.
check postmaster@mx.test verdict='"risky"' 'reasons=["role"]' role=true
# A syntax error never reaches DNS.
check 'jane@@mx.test' verdict='"undeliverable"' 'reasons=["syntax_error"]' domain.exists=null
# --offline skips DNS.
"$BOUNCEKIT" verify --json --offline jane@nx.test >"$work/off.json"
grep -q '"verdict":"unknown","reasons":\["offline"\]' "$work/off.json" || { echo "offline: $(cat "$work/off.json")"; fail=1; }

# Many addresses: in input order, each domain asked once.
: >"$work/list.txt"
for i in $(seq 1 300); do
    echo "user$i@d$((i % 50)).bench.test" >>"$work/list.txt"
    echo "user$i@nx.test" >>"$work/list.txt"
done
"$BOUNCEKIT" verify --json --dns "$VT_DNS" --input "$work/list.txt" --no-progress >"$work/list.json" 2>"$work/list.err"
python3 - "$work/list.txt" "$work/list.json" <<'PY' || fail=1
import json, sys
addrs = open(sys.argv[1]).read().split()
res = [json.loads(l) for l in open(sys.argv[2])]
assert [r["address"] for r in res] == addrs, "order differs"
for r in res:
    want = "undeliverable" if r["address"].endswith("@nx.test") else "deliverable"
    assert r["verdict"] == want, r
PY
grep -q "deliverable *300" "$work/list.err" || { echo "summary:"; cat "$work/list.err"; fail=1; }

# A bad --dns is a usage error.
"$BOUNCEKIT" verify --dns not-an-ip jane@mx.test >/dev/null 2>&1
[ $? -eq 2 ] || { echo "--dns not-an-ip: expected exit 2"; fail=1; }

[ $fail -eq 0 ] && echo "verify_dns: all checks passed"
exit $fail
