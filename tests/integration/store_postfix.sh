#!/bin/bash
# store_postfix.sh - a real Postfix pipes the bounces it makes into
# "bouncekit ingest -" (a pipe(8) transport), and bouncekit reads the same
# Postfix's log:
#  - an undeliverable message bounces; the bounce goes through the pipe
#    into the store and suppresses the recipient;
#  - while the store cannot be written, ingest exits 75 (EX_TEMPFAIL) and
#    Postfix keeps the bounce queued; once the store is back, a queue flush
#    delivers it and nothing was lost;
#  - the Postfix log gives the same failure as an MTA log event.
#
# Env: BOUNCEKIT (the tool), BK_SRC.  Skips (77) without root or Postfix.
BK_TEST_NAME=store_postfix
here=$(cd "$(dirname "$0")" && pwd)
BK_SRC=${BK_SRC:-$(cd "$here/../.." && pwd)}
export BK_SRC
. "$here/lib/common.sh"
. "$here/lib/postfix.sh"
: "${BOUNCEKIT:?BOUNCEKIT must name the built tool}"

[ "$(id -u)" = 0 ] || bk_skip "needs root to run a private Postfix"
bk_postfix_available || bk_skip "postfix is not installed (scripts/install-deps.sh installs it)"
command -v runuser >/dev/null || bk_skip "runuser is not installed"
bk_isolate "$0" "$@"
bk_tmpdir

# The pipe runs as nobody: give it its own copy of the tool and a store
# directory it owns.
cp "$BOUNCEKIT" "$BK_TMP/bouncekit"
chmod 755 "$BK_TMP/bouncekit"
store=$BK_TMP/store
mkdir -p "$store"
chown nobody "$store"
DB=$store/bounces.db
bk() { runuser -u nobody -- "$BK_TMP/bouncekit" "$@"; }

pf=$BK_TMP/postfix
port=$(bk_free_port)
bk_postfix_new "$pf" mx.bk.test "$port"
bk_postfix_service "$pf" "bouncekit unix - n n - - pipe flags=F user=nobody argv=$BK_TMP/bouncekit ingest -q --db $DB -"
bk_postfix_conf "$pf" "transport_maps = inline:{ sender@sender.bk.test=bouncekit: }"
bk_postfix_start "$pf" || bk_fail "postfix did not start"

fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
wait_suppressed() { # wait_suppressed ADDRESS SECONDS
    local i
    for ((i = 0; i < $2 * 2; i++)); do
        bk check -q --db "$DB" "$1" >/dev/null 2>&1
        [ $? = 1 ] && return 0
        sleep 0.5
    done
    return 1
}

# 1. a bounce through the pipe
bk_smtp_send "$port" sender@sender.bk.test nosuch@mx.bk.test >/dev/null || bk_fail "the test message was refused"
if wait_suppressed nosuch@mx.bk.test 60; then ok "the piped bounce suppresses the recipient"; else
    bad "the piped bounce suppresses the recipient"; bk_postfix_log "$pf" | tail -20 >&2; fi
bk check --db "$DB" --json nosuch@mx.bk.test | grep -q '"rule":"hard-bounce"' &&
    ok "by the hard-bounce rule" || bad "by the hard-bounce rule"

# 2. the store is unavailable: the bounce waits in the queue
chmod 500 "$store"
bk_smtp_send "$port" sender@sender.bk.test later@mx.bk.test >/dev/null || bk_fail "the second message was refused"
deferred=0
for _ in $(seq 60); do
    if bk_postfix_log "$pf" | grep 'relay=bouncekit' | grep -q 'status=deferred'; then deferred=1; break; fi
    sleep 0.5
done
[ $deferred = 1 ] && ok "EX_TEMPFAIL: Postfix defers the bounce" || { bad "EX_TEMPFAIL: Postfix defers the bounce"; bk_postfix_log "$pf" | tail -20 >&2; }
chmod 700 "$store"
bk_postfix_flush "$pf"
if wait_suppressed later@mx.bk.test 60; then ok "after the retry the bounce is stored"; else
    bad "after the retry the bounce is stored"; bk_postfix_log "$pf" | tail -20 >&2; fi

# 3. the Postfix log as a source of its own
cp "$pf/log/maillog" "$store/maillog" && chown nobody "$store/maillog"
bk ingest -q --db "$DB" "$store/maillog" || bad "ingest the Postfix log"
bk why --db "$DB" --json nosuch@mx.bk.test >"$BK_TMP/why.json"
grep -q '"source":"message"' "$BK_TMP/why.json" && grep -q '"source":"postfix"' "$BK_TMP/why.json" &&
    ok "why shows the bounce message and the log line" || { bad "why shows the bounce message and the log line"; cat "$BK_TMP/why.json" >&2; }
bk report --db "$DB" --json --days 2 | head -1 | grep -q '"group":"total"' && ok "report reads the store" || bad "report reads the store"

echo "$((fails == 0 ? 1 : 0)) passed, $((fails > 0 ? 1 : 0)) failed"
[ $fails = 0 ]
