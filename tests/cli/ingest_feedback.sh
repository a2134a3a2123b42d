#!/bin/bash
# ingest_feedback.sh - feedback reports through "bouncekit ingest": a
# complaint suppresses the complainer, an authentication failure report
# (RFC 6591, DMARC failure reports) is the sender's to fix and suppresses
# nobody, a not-spam report is no event.
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
SRC=${BK_SRC:?}
T=$(mktemp -d /tmp/bk-ingest-fbl.XXXXXX)
trap 'rm -rf "$T"' EXIT
export BOUNCEKIT_DB=$T/s.db BOUNCEKIT_POLICY= HOME=$T
D=$SRC/tests/data/parse/complaints
fails=0 passes=0
ok() { echo "ok - $1"; passes=$((passes + 1)); }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
expect_rc() { # expect_rc WANT NAME CMD...
    local want=$1 name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name (exit $rc, wanted $want)"; sed 's/^/    /' "$T/err" "$T/out" | head -5; fi
}

for f in yahoo-cfl dmarc-ruf auth-failure-dkim type-not-spam optout-removal; do
    expect_rc 0 "ingest $f" "$B" ingest -q "$D/$f.eml"
done
expect_rc 1 "complaint: complainer suppressed" "$B" check anna.kowalski@yahoo.test
expect_rc 1 "opt-out: removal recipient suppressed" "$B" check eva.brandt@isp-e.test
expect_rc 0 "DMARC failure report: recipient not suppressed" "$B" check dora.fink@receiver2.test
expect_rc 0 "DKIM failure report: recipient not suppressed" "$B" check carl.jensen@receiver.test
expect_rc 0 "not-spam report: recipient not suppressed" "$B" check gina.hart@isp-g.test
"$B" why --json carl.jensen@receiver.test >"$T/why" 2>&1
if grep -q '"authfailure"' "$T/why"; then ok "auth failure kept as a sender-side event"; else bad "auth failure event"; sed 's/^/    /' "$T/why" | head -5; fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
