#!/bin/bash
# store_fault.sh - kill -9 the ingester in the middle of batches, restart
# it, and check that no acknowledged event was lost and none was stored
# (or counted towards a suppression) twice.
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
T=$(mktemp -d /tmp/bk-store-fault.XXXXXX)
PID=
trap '[ -n "$PID" ] && kill -9 $PID 2>/dev/null; rm -rf "$T"' EXIT
export BOUNCEKIT_DB=$T/s.db BOUNCEKIT_POLICY= HOME=$T
N=${BK_FAULT_LINES:-40000}
ROUNDS=3
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }

# N delivery records of N distinct recipients: every third a hard bounce,
# the others delivered or deferred.  Fixed times: the report counts them.
awk -v n="$N" 'BEGIN {
    for (i = 0; i < n; i++) {
        s = i % 60; m = int(i / 60) % 60; h = int(i / 3600) % 24; d = 10 + int(i / 86400)
        t = sprintf("2026-11-%02dT%02d:%02d:%02dZ", d, h, m, s)
        if (i % 3 == 0)
            printf "%s mx postfix/smtp[1]: Q%d: to=<u%d@example.net>, relay=mx[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 unknown user (in reply to RCPT TO command))\n", t, i, i
        else if (i % 3 == 1)
            printf "%s mx postfix/smtp[1]: Q%d: to=<u%d@example.net>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n", t, i, i
        else
            printf "%s mx postfix/smtp[1]: Q%d: to=<u%d@example.net>, relay=mx[192.0.2.1]:25, dsn=4.2.2, status=deferred (host mx said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))\n", t, i, i
    }
}' >"$T/mail.log"
HARD=$(( (N + 2) / 3 ))

stored_events() { # events in the store, counted by the report
    "$B" report --json --since 2026-11-01 --until 2026-11-30 2>/dev/null | head -1 |
        awk -F'"sent":|,"delivered"|"delayed":|,"bounce_rate"' '{ print $2 + $4 }'
}
acked() { # events acknowledged (committed) so far, from the ingester's reports
    awk '/committed/ { s += $4 } END { print s + 0 }' "$T"/ack.*
}

: >"$T/ack.0"
for r in $(seq $ROUNDS); do
    : >"$T/ack.$r"
    "$B" ingest --batch 300 --verbose "$T/mail.log" 2>>"$T/ack.$r" &
    PID=$!
    # wait for a few commits of this round, then kill without warning
    for _ in $(seq 400); do
        [ "$(grep -c committed "$T/ack.$r")" -ge 3 ] && break
        kill -0 $PID 2>/dev/null || break
        sleep 0.01
    done
    sleep 0.0$((RANDOM % 9))
    kill -9 $PID 2>/dev/null
    wait $PID 2>/dev/null
    PID=
    a=$(acked)
    s=$(stored_events)
    if [ "$s" -ge "$a" ]; then ok "round $r: $a acknowledged events all stored ($s)"; else bad "round $r: $a acknowledged, only $s stored"; fi
done

# finish the job: the remembered position and the event keys make the
# restart neither skip nor repeat anything
"$B" ingest --batch 300 --verbose "$T/mail.log" 2>"$T/ack.final"
rc=$?
[ $rc = 0 ] && ok "the restarted ingester finishes" || bad "the restarted ingester finishes (exit $rc)"
s=$(stored_events)
[ "$s" = "$N" ] && ok "every event stored exactly once ($s)" || bad "stored $s events, wanted $N"
new=$(awk '/committed/ { x = $6; sub(/\(/, "", x); s += x } END { print s + 0 }' "$T"/ack.*)
[ "$new" -le "$N" ] && ok "acknowledged new events ($new) never exceed $N" || bad "acknowledged $new new events of $N lines: one was stored twice"
"$B" suppressions list --json >"$T/list"
n=$(wc -l <"$T/list")
[ "$n" = "$HARD" ] && ok "one suppression per hard bounce ($n)" || bad "$n suppressions, wanted $HARD"
multi=$(grep -vc '"events":1,' "$T/list")
[ "$multi" = 0 ] && ok "no suppression counted an event twice" || bad "$multi suppressions with events != 1"
"$B" ingest --from-start --json "$T/mail.log" >"$T/again" 2>/dev/null
grep -q "\"events\":0,\"duplicates\":$N," "$T/again" && ok "everything re-read is a duplicate" || bad "re-read: $(cat "$T/again")"

echo "$((fails == 0 ? 1 : 0)) passed, $((fails > 0 ? 1 : 0)) failed"
[ $fails = 0 ]
