#!/bin/bash
# verify_smtp.sh - the SMTP probe of "bouncekit verify" against the
# receiving Postfix of lib/postfix-smtp-target.sh (its own config and queue
# directories, a high port on loopback) and the unbound of lib/dns.sh
# serving the MX records: a known user, an unknown user (550 5.1.1), a full
# mailbox (452 4.2.2), a policy refusal (550 5.7.1), a catch-all domain, a
# greylisting domain, STARTTLS, SMTPUTF8, and an unreachable port.
BK_TEST_NAME=verify_smtp
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/dns.sh"
. "$here/lib/postfix.sh"
. "$here/lib/postfix-smtp-target.sh"
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
[ "$(id -u)" = 0 ] || bk_skip "a private Postfix needs root"
bk_dns_available || bk_skip "unbound is not installed (scripts/install-deps.sh installs it)"
bk_postfix_available || bk_skip "postfix is not installed (scripts/install-deps.sh installs it)"
command -v openssl >/dev/null || bk_skip "openssl is not installed"
bk_isolate "$0" "$@"
# The namespace's nsswitch.conf says "hosts: files": the probe must still
# resolve MX host names through the resolver given with --dns.
bk_tmpdir
work=$BK_TMP
bk_dns_start "$work/dns" || bk_fail "the DNS server did not start"
DNS=127.0.0.1:$BK_DNS_PORT
# greylist.bk.test defers every attempt for the whole test (the probe's
# retry included): a greylisting delay longer than the test.
BK_GREYLIST_DELAY=3600 bk_smtp_target_start "$work/target" || bk_fail "the receiving Postfix did not start"
SMTP_PORT=$BK_TARGET_PORT
fail=0

"$BOUNCEKIT" verify --json --smtp --smtp-port "$SMTP_PORT" --dns "$DNS" \
    --helo probe.bk.test --mail-from bounce@probe.bk.test \
    known@mx.bk.test nobody@mx.bk.test full@mx.bk.test blocked@mx.bk.test anyone@catchall.bk.test \
    someone@greylist.bk.test nobody@nosuch.bk.test >"$work/out.json" 2>"$work/err"
status=$?
[ $status -eq 1 ] || { echo "exit status $status, expected 1"; fail=1; }
python3 - "$work/out.json" <<'PY' || fail=1
import json, sys
rows = {r["address"]: r for r in map(json.loads, open(sys.argv[1]))}
def expect(addr, verdict, reasons, **smtp):
    r = rows[addr]
    bad = []
    if r["verdict"] != verdict: bad.append(f"verdict {r['verdict']}")
    if r["reasons"] != reasons: bad.append(f"reasons {r['reasons']}")
    for k, v in smtp.items():
        got = (r["smtp"] or {}).get(k, "<no smtp>")
        if got != v: bad.append(f"smtp.{k} {got!r} != {v!r}")
    if bad:
        print(addr + ": " + "; ".join(bad)); return 1
    return 0
bad = 0
bad |= expect("known@mx.bk.test", "deliverable", [], reply_code=250, accepted=True, catch_all=False, tls=True, host="mail.mx.bk.test")
bad |= expect("nobody@mx.bk.test", "undeliverable", ["mailbox_not_found"], reply_code=550, status="5.1.1", reason="userunknown")
bad |= expect("full@mx.bk.test", "risky", ["mailbox_full"], reply_code=452, status="4.2.2", reason="mailboxfull")
bad |= expect("blocked@mx.bk.test", "unknown", ["smtp_blocked"], reply_code=550, status="5.7.1")
bad |= expect("anyone@catchall.bk.test", "risky", ["catch_all"], reply_code=250, catch_all=True)
bad |= expect("someone@greylist.bk.test", "unknown", ["smtp_tempfail"], reply_code=450, status="4.7.1")
bad |= expect("nobody@nosuch.bk.test", "undeliverable", ["domain_not_found"])
if rows["nobody@nosuch.bk.test"]["smtp"] is not None:
    print("nosuch.bk.test was probed"); bad = 1
t = rows["known@mx.bk.test"]["smtp"]["transcript"]
for line in ["C: EHLO probe.bk.test", "C: STARTTLS", "C: MAIL FROM:<bounce@probe.bk.test>",
             "C: RCPT TO:<known@mx.bk.test>", "C: RSET", "C: QUIT"]:
    if line not in t:
        print("transcript lacks " + line); bad = 1
if "DATA" in t:
    print("the probe sent DATA"); bad = 1
# One connection for the mx.bk.test recipients (plus one retry for the 4xx).
if t.count("* connecting to") != 2:
    print("connections for mx.bk.test: %d" % t.count("* connecting to")); bad = 1
g = rows["someone@greylist.bk.test"]["smtp"]["transcript"]
if "retrying after a temporary failure" not in g:
    print("greylisting was not retried"); bad = 1
sys.exit(bad)
PY

# A UTF-8 local part asks for SMTPUTF8 (Postfix offers it) and is judged.
"$BOUNCEKIT" verify --json --smtp --smtp-port "$SMTP_PORT" --dns "$DNS" "$(printf 'j\xc3\xb6rg@mx.bk.test')" >"$work/utf8.json"
python3 - "$work/utf8.json" <<'PY' || fail=1
import json, sys
r = json.loads(open(sys.argv[1]).read())
t = r["smtp"]["transcript"]
ok = r["syntax"]["smtputf8"] and "MAIL FROM:<> SMTPUTF8" in t and r["smtp"]["reply_code"] == 550 \
    and r["verdict"] == "undeliverable"
if not ok:
    print("SMTPUTF8 probe:", json.dumps(r)[:600]); sys.exit(1)
PY

# Without STARTTLS.
"$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$SMTP_PORT" --dns "$DNS" known@mx.bk.test |
    grep -q '"tls":false' || { echo "--no-starttls still used TLS"; fail=1; }

# libssl is loaded when the probe starts: with none that loads (an empty
# libssl.so.3 first on the library path), the probe goes on without TLS.
mkdir -p "$work/nossl"
: >"$work/nossl/libssl.so.3"
LD_LIBRARY_PATH=$work/nossl "$BOUNCEKIT" verify --json --smtp --smtp-port "$SMTP_PORT" --dns "$DNS" known@mx.bk.test >"$work/nossl.json"
grep -q '"tls":false' "$work/nossl.json" && grep -q '"verdict":"deliverable"' "$work/nossl.json" ||
    { echo "without a loadable libssl: $(head -c 400 "$work/nossl.json")"; fail=1; }

# A first MX that fails temporarily hands over to the next MX in preference
# order: busy.fallback.bk.test (127.0.0.2) answers RCPT with 450, and
# shut.closing.bk.test (127.0.0.3) greets with 421; the second MX of both
# is the Postfix target.
python3 "$here/lib/smtp-tempfail-peer.py" 127.0.0.2 "$SMTP_PORT" rcpt450 >"$work/peer450.log" 2>&1 &
peer450=$!
python3 "$here/lib/smtp-tempfail-peer.py" 127.0.0.3 "$SMTP_PORT" greet421 >"$work/peer421.log" 2>&1 &
peer421=$!
bk_on_exit "kill $peer450 $peer421 2>/dev/null"
for ((i = 0; i < 50; i++)); do
    python3 -c "import socket,sys; [socket.create_connection((a, int(sys.argv[1])), 1).close() for a in ('127.0.0.2', '127.0.0.3')]" "$SMTP_PORT" 2>/dev/null && break
    sleep 0.1
done
# (the readiness check above connected once to each)
n450=$(grep -c connect "$work/peer450.log"); n421=$(grep -c connect "$work/peer421.log")
"$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$SMTP_PORT" --dns "$DNS" \
    known@fallback.bk.test nobody@fallback.bk.test known@closing.bk.test >"$work/fallback.json" 2>"$work/fallback.err"
python3 - "$work/fallback.json" <<'PY' || fail=1
import json, sys
rows = {r["address"]: r for r in map(json.loads, open(sys.argv[1]))}
bad = 0
def check(addr, verdict, code, first):
    global bad
    r = rows[addr]
    s = r["smtp"] or {}
    t = s.get("transcript", "")
    if r["verdict"] != verdict or s.get("reply_code") != code or s.get("host") != "mail.mx.bk.test":
        print(addr + ": verdict %s reply %s host %s" % (r["verdict"], s.get("reply_code"), s.get("host"))); bad = 1
    if "* connecting to " + first not in t or "* connecting to mail.mx.bk.test" not in t:
        print(addr + ": transcript does not show both MX hosts:\n" + t); bad = 1
    if t.index("* connecting to " + first) > t.find("* connecting to mail.mx.bk.test"):
        print(addr + ": MX hosts out of preference order"); bad = 1
check("known@fallback.bk.test", "deliverable", 250, "busy.fallback.bk.test")
check("nobody@fallback.bk.test", "undeliverable", 550, "busy.fallback.bk.test")
check("known@closing.bk.test", "deliverable", 250, "shut.closing.bk.test")
t = rows["known@fallback.bk.test"]["smtp"]["transcript"]
if "S: 450 4.7.1 Try again later" not in t:
    print("the 450 of the first MX is not in the transcript"); bad = 1
if "retrying after a temporary failure" in t:
    print("retried although the second MX answered"); bad = 1
sys.exit(bad)
PY
[ "$(grep -c connect "$work/peer450.log")" -eq $((n450 + 1)) ] || { echo "450 peer connections: $(cat "$work/peer450.log")"; fail=1; }
[ "$(grep -c connect "$work/peer421.log")" -eq $((n421 + 1)) ] || { echo "421 peer connections: $(cat "$work/peer421.log")"; fail=1; }

# A domain whose only MX greets with 421: retried once, then a temporary
# failure (unknown), not "unreachable".
n421=$(grep -c connect "$work/peer421.log")
"$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$SMTP_PORT" --dns "$DNS" \
    someone@busy.bk.test >"$work/busy.json"
python3 - "$work/busy.json" <<'PY' || fail=1
import json, sys
r = json.loads(open(sys.argv[1]).read())
s = r["smtp"] or {}
if r["verdict"] != "unknown" or r["reasons"] != ["smtp_tempfail"] or s.get("reply_code") != 421 \
        or s.get("host") != "shut.closing.bk.test" or "retrying after a temporary failure" not in s.get("transcript", ""):
    print("421-only MX:", json.dumps(r)[:800]); sys.exit(1)
PY
[ "$(grep -c connect "$work/peer421.log")" -eq $((n421 + 2)) ] || { echo "421-only MX: $(($(grep -c connect "$work/peer421.log") - n421)) connections, expected 2 (one retry)"; fail=1; }

# Domains sharing one MX host: at most --per-host connections to it at
# once, whatever --concurrency allows.  mx.shared.bk.test (127.0.0.4) is a
# slow peer that logs how many connections it has open.
python3 "$here/lib/smtp-tempfail-peer.py" 127.0.0.4 "$SMTP_PORT" slow250 >"$work/shared.log" 2>&1 &
bk_on_exit "kill $! 2>/dev/null"
for ((i = 0; i < 50; i++)); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.4', int(sys.argv[1])), 1).close()" "$SMTP_PORT" 2>/dev/null && break
    sleep 0.1
done
for limit in 1 2; do
    before=$(wc -l <"$work/shared.log")
    "$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$SMTP_PORT" --dns "$DNS" \
        --concurrency 6 --per-host $limit \
        u@d1.shared.bk.test u@d2.shared.bk.test u@d3.shared.bk.test \
        u@d4.shared.bk.test u@d5.shared.bk.test u@d6.shared.bk.test >"$work/shared$limit.json"
    seen=$(tail -n +$((before + 1)) "$work/shared.log" | awk '$1 == "connect" { n++; if ($3 > m) m = $3 } END { print n + 0, m + 0 }')
    [ "$seen" = "6 $limit" ] || { echo "--per-host $limit: connections, most at once: $seen (want 6 $limit)"; fail=1; }
    [ "$(grep -c '"verdict":"risky"' "$work/shared$limit.json")" -eq 6 ] ||
        { echo "--per-host $limit:"; cat "$work/shared$limit.json"; fail=1; }
done

# An MX host with several addresses: the first (127.0.0.5) refuses the
# connection, the next (127.0.0.1, the Postfix target) answers.
"$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$SMTP_PORT" --dns "$DNS" \
    known@multiaddr.bk.test nobody@multiaddr.bk.test >"$work/multiaddr.json"
python3 - "$work/multiaddr.json" "$SMTP_PORT" <<'PY' || fail=1
import json, sys
rows = {r["address"]: r for r in map(json.loads, open(sys.argv[1]))}
bad = 0
for addr, verdict, code in [("known@multiaddr.bk.test", "deliverable", 250),
                            ("nobody@multiaddr.bk.test", "undeliverable", 550)]:
    r = rows[addr]
    s = r["smtp"] or {}
    if r["verdict"] != verdict or s.get("reply_code") != code:
        print(addr + ": verdict %s reply %s" % (r["verdict"], s.get("reply_code"))); bad = 1
t = rows["known@multiaddr.bk.test"]["smtp"]["transcript"]
refused = "* connect to mx.multiaddr.bk.test [127.0.0.5] port %s: Connection refused" % sys.argv[2]
ok = "* connected to mx.multiaddr.bk.test [127.0.0.1]"
if refused not in t or ok not in t or t.index(refused) > t.index(ok):
    print("multiaddr transcript:\n" + t); bad = 1
if t.count("* connecting to") != 1:
    print("multiaddr: %d sessions, expected 1" % t.count("* connecting to")); bad = 1
sys.exit(bad)
PY

# Port unreachable: said plainly, quickly, for every address.
closed=$(bk_free_port)
start=$(date +%s)
"$BOUNCEKIT" verify --json --smtp --smtp-port "$closed" --dns "$DNS" \
    a@mx.bk.test b@catchall.bk.test c@greylist.bk.test d@multi.bk.test e@aonly.bk.test >"$work/closed.json" 2>"$work/closed.err"
end=$(date +%s)
[ $((end - start)) -le 5 ] || { echo "unreachable port took $((end - start)) s"; fail=1; }
[ "$(grep -c '"reasons":\["smtp_unreachable"\]' "$work/closed.json")" -eq 5 ] || { echo "unreachable:"; cat "$work/closed.json"; fail=1; }
grep -q "no mail server could be reached on port $closed" "$work/closed.err" || { echo "no plain message:"; cat "$work/closed.err"; fail=1; }
[ "$(grep -c '"port_blocked":true' "$work/closed.json")" -eq 5 ] || { echo "port_blocked not set"; fail=1; }
grep -q '"port_blocked":true' "$work/out.json" && { echo "port_blocked set with a reachable server"; fail=1; }

[ $fail -eq 0 ] && echo "verify_smtp: all checks passed"
exit $fail
