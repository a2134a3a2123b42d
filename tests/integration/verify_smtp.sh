#!/bin/bash
# verify_smtp.sh - the SMTP probe of "bouncekit verify" against a real
# Postfix on loopback (its own config and queue directories, a high port)
# and a real unbound serving the MX records: a known user, an unknown user
# (550 5.1.1), a full mailbox (452 4.2.2), a policy refusal (550 5.7.1), a
# catch-all domain, a greylisting domain, STARTTLS, and an unreachable
# port.
set -u
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
command -v unbound >/dev/null || { echo "skip: unbound is not installed"; exit 77; }
command -v postfix >/dev/null || { echo "skip: postfix is not installed"; exit 77; }
command -v script >/dev/null || { echo "skip: script(1) is not installed"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "skip: a private Postfix needs root"; exit 77; }
. "$BK_SRC/tests/integration/verify_lib.bash"
work=$(mktemp -d)
trap 'vt_stop_postfix; vt_stop_unbound; rm -rf "$work"' EXIT
vt_start_unbound "$work" || exit 1
vt_start_postfix "$work"
rc=$?
[ $rc -eq 77 ] && { echo "skip: postfix cannot run here"; exit 77; }
[ $rc -eq 0 ] || exit 1
fail=0

"$BOUNCEKIT" verify --json --smtp --smtp-port "$VT_SMTP_PORT" --dns "$VT_DNS" \
    --helo probe.example --mail-from bounce@probe.example \
    jane@mx.test nobody@mx.test full@mx.test blocked@mx.test anyone@catchall.test \
    someone@greylist.test nobody@nx.test >"$work/out.json" 2>"$work/err"
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
bad |= expect("jane@mx.test", "deliverable", [], reply_code=250, accepted=True, catch_all=False, tls=True, host="mail.mx.test")
bad |= expect("nobody@mx.test", "undeliverable", ["mailbox_not_found"], reply_code=550, status="5.1.1", reason="userunknown")
bad |= expect("full@mx.test", "risky", ["mailbox_full"], reply_code=452, status="4.2.2", reason="mailboxfull")
bad |= expect("blocked@mx.test", "unknown", ["smtp_blocked"], reply_code=550, status="5.7.1")
bad |= expect("anyone@catchall.test", "risky", ["catch_all"], reply_code=250, catch_all=True)
bad |= expect("someone@greylist.test", "unknown", ["smtp_tempfail"], reply_code=450, status="4.7.1")
bad |= expect("nobody@nx.test", "undeliverable", ["domain_not_found"])
if rows["nobody@nx.test"]["smtp"] is not None:
    print("nx.test was probed"); bad = 1
t = rows["jane@mx.test"]["smtp"]["transcript"]
for line in ["C: EHLO probe.example", "C: STARTTLS", "C: MAIL FROM:<bounce@probe.example>",
             "C: RCPT TO:<jane@mx.test>", "C: RSET", "C: QUIT"]:
    if line not in t:
        print("transcript lacks " + line); bad = 1
if "DATA" in t:
    print("the probe sent DATA"); bad = 1
# One connection for the three mx.test recipients (plus one retry for the 4xx).
if t.count("* connecting to") != 2:
    print("connections for mx.test: %d" % t.count("* connecting to")); bad = 1
g = rows["someone@greylist.test"]["smtp"]["transcript"]
if "retrying after a temporary failure" not in g:
    print("greylisting was not retried"); bad = 1
sys.exit(bad)
PY

# A UTF-8 local part asks for SMTPUTF8 (Postfix offers it) and is judged.
"$BOUNCEKIT" verify --json --smtp --smtp-port "$VT_SMTP_PORT" --dns "$VT_DNS" "$(printf 'j\xc3\xb6rg@mx.test')" >"$work/utf8.json"
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
"$BOUNCEKIT" verify --json --smtp --no-starttls --smtp-port "$VT_SMTP_PORT" --dns "$VT_DNS" jane@mx.test |
    grep -q '"tls":false' || { echo "--no-starttls still used TLS"; fail=1; }

# Port unreachable: said plainly, quickly, for every address.
closed=$(vt_free_port)
start=$(date +%s)
"$BOUNCEKIT" verify --json --smtp --smtp-port "$closed" --dns "$VT_DNS" \
    a@mx.test b@catchall.test c@greylist.test d@multi.test e@aonly.test >"$work/closed.json" 2>"$work/closed.err"
end=$(date +%s)
[ $((end - start)) -le 5 ] || { echo "unreachable port took $((end - start)) s"; fail=1; }
[ "$(grep -c '"reasons":\["smtp_unreachable"\]' "$work/closed.json")" -eq 5 ] || { echo "unreachable:"; cat "$work/closed.json"; fail=1; }
grep -q "no mail server could be reached on port $closed" "$work/closed.err" || { echo "no plain message:"; cat "$work/closed.err"; fail=1; }
[ "$(grep -c '"port_blocked":true' "$work/closed.json")" -eq 5 ] || { echo "port_blocked not set"; fail=1; }
grep -q '"port_blocked":true' "$work/out.json" && { echo "port_blocked set with a reachable server"; fail=1; }

[ $fail -eq 0 ] && echo "verify_smtp: all checks passed"
exit $fail
