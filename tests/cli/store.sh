#!/bin/bash
# store.sh - the store commands end to end: ingest (logs, position,
# rotation, --follow, webhooks, stdin), check, why, suppressions
# (add/remove/list/import/export in every format), report, exit statuses.
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
SRC=${BK_SRC:?}
T=$(mktemp -d /tmp/bk-store-cli.XXXXXX)
trap 'kill $FOLLOW_PID 2>/dev/null; rm -rf "$T"' EXIT
FOLLOW_PID=
export BOUNCEKIT_DB=$T/s.db BOUNCEKIT_POLICY= HOME=$T
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
expect_rc() { # expect_rc WANT NAME CMD...
    local want=$1 name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name (exit $rc, wanted $want)"; sed 's/^/    /' "$T/err" | head -5; fi
}
expect_eq() { # expect_eq NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1"; printf '    expected: %s\n    actual:   %s\n' "$2" "$3"; fi
}
ts() { date -u -d "@$(( $(date +%s) - $1 ))" +%Y-%m-%dT%H:%M:%SZ; } # ts SECONDS_AGO
pf() { # pf AGO QID RCPT DSN STATUS TEXT: a Postfix delivery line
    echo "$(ts "$1") mx1 postfix/smtp[100]: $2: to=<$3>, relay=mx.example.net[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=$4, status=$5 ($6)"
}
DAY=86400

# --- logs: the three MTAs ----------------------------------------------------
{
    pf 5000 A1 hard@example.net 5.1.1 bounced "host mx.example.net[192.0.2.1] said: 550 5.1.1 <hard@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)"
    pf 4900 A2 fine@example.net 2.0.0 sent "250 2.0.0 Ok: queued as B1"
    pf 4800 A3 later@example.net 4.2.2 deferred "host mx.example.net[192.0.2.1] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)"
    pf 4700 A4 blocked@example.net 5.7.1 bounced "host mx.example.net[192.0.2.1] said: 554 5.7.1 Service refused: client host blocked (in reply to MAIL FROM command)"
    echo "$(date -u -d @$(( $(date +%s) - 4600 )) '+%Y-%m-%d %H:%M:%S') 1vKxYz-0001Ab-Cd ** eximgone@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.2]: SMTP error from remote mail server after RCPT TO:<eximgone@example.org>: 550 5.1.1 No such user"
    echo "$(date -u -d @$(( $(date +%s) - 4500 )) '+%b %e %H:%M:%S') mx2 sm-mta[42]: 5AHA00a1: to=<smgone@example.com>, delay=00:00:01, mailer=esmtp, pri=120000, relay=mx.example.com. [192.0.2.3], dsn=5.1.1, stat=User unknown"
    echo "this line is no delivery record"
} >"$T/mail.log"
expect_rc 0 "ingest a mixed log" "$B" ingest --json "$T/mail.log"
expect_eq "ingest summary" '"events":6,"duplicates":0,"suppressed":3' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*,"suppressed":[0-9]*' "$T/out")"
expect_eq "ingest skipped line count" '"skipped_lines":1' "$(grep -o '"skipped_lines":[0-9]*' "$T/out")"
expect_rc 1 "check: hard bounce suppressed" "$B" check hard@example.net
expect_rc 1 "check: exim hard bounce suppressed" "$B" check eximgone@example.org
expect_rc 1 "check: sendmail hard bounce suppressed" "$B" check smgone@example.com
expect_rc 0 "check: delivered, deferred and sender-side are fine" "$B" check fine@example.net later@example.net blocked@example.net
expect_rc 0 "check: domain compares case-insensitively" "$B" check fine@EXAMPLE.NET
expect_rc 0 "check: local part as written (default)" "$B" check Hard@example.net
expect_rc 1 "check: domain case ignored on a suppressed address" "$B" check hard@EXAMPLE.net
"$B" check --json hard@example.net fine@example.net >"$T/check.json"
expect_eq "check --json fields" \
'{"address":"hard@example.net","suppressed":true,"reason":"userunknown","rule":"hard-bounce","expires":null}
{"address":"fine@example.net","suppressed":false,"reason":null,"rule":null,"expires":null}' "$(cat "$T/check.json")"
printf 'fine@example.net\n\n# comment\nhard@example.net\n' | "$B" check --json - >"$T/out"; rc=$?
expect_eq "check - reads standard input" "1 2" "$rc $(wc -l <"$T/out")"
expect_rc 1 "check: not an address is never mailable" "$B" check "not an address"
expect_rc 2 "check: no address is bad usage" "$B" check

# --- idempotency, remembered position, rotation -------------------------------
expect_rc 0 "ingest again: position remembered" "$B" ingest --json "$T/mail.log"
expect_eq "nothing re-read" '"events":0,"duplicates":0' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*' "$T/out")"
expect_rc 0 "ingest --from-start" "$B" ingest --json --from-start "$T/mail.log"
expect_eq "re-read lines are duplicates" '"events":0,"duplicates":6' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*' "$T/out")"
pf 4000 B1 new1@example.net 5.1.1 bounced "host x said: 550 5.1.1 unknown user (in reply to RCPT TO command)" >>"$T/mail.log"
mv "$T/mail.log" "$T/mail.log.1"
pf 3900 B2 new2@example.net 5.1.1 bounced "host x said: 550 5.1.1 unknown user (in reply to RCPT TO command)" >"$T/mail.log"
expect_rc 0 "ingest after rotation" "$B" ingest --json "$T/mail.log"
expect_eq "rotation: the rest of the old file and the new one" '"events":2,"duplicates":0' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*' "$T/out")"
expect_rc 1 "check both rotated addresses" "$B" check new1@example.net new2@example.net

# --- soft bounces: 3 within 14 days suppress for 30 days, delivery resets ------
{
    pf $((10 * DAY)) S1 soft@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
    pf $((6 * DAY)) S2 soft@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
} >"$T/soft.log"
"$B" ingest -q "$T/soft.log"
expect_rc 0 "two soft bounces: not yet" "$B" check soft@example.net
pf $((2 * DAY)) S3 soft@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)" >>"$T/soft.log"
"$B" ingest -q "$T/soft.log"
"$B" check --json soft@example.net >"$T/out"
expect_eq "third soft bounce suppresses" '"suppressed":true,"reason":"mailboxfull","rule":"soft-bounce"' \
    "$(grep -o '"suppressed":true,"reason":"mailboxfull","rule":"soft-bounce"' "$T/out")"
exp=$(grep -o '"expires":"[^"]*"' "$T/out" | cut -d'"' -f4)
want=$(date -u -d "@$(( $(date +%s) - 2 * DAY + 30 * DAY ))" +%Y-%m-%d)
expect_eq "soft suppression lasts 30 days" "$want" "${exp:0:10}"
"$B" why soft@example.net >"$T/why"; rc=$?
expect_eq "why exit status" 1 $rc
expect_eq "why tells the count" "counted 1/3 counted 2/3 suppressed" "$(grep -o -- '-> .*' "$T/why" | cut -c4- | tr '\n' ' ' | sed 's/ $//')"
grep -q "rule soft-bounce: suppress after 3 events within 14 days" "$T/why" && ok "why names the rule" || { bad "why names the rule"; cat "$T/why"; }
{
    pf $((5 * DAY)) R1 reset@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
    pf $((4 * DAY)) R2 reset@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
    pf $((3 * DAY)) R3 reset@example.net 2.0.0 sent "250 2.0.0 Ok"
    pf $((2 * DAY)) R4 reset@example.net 5.2.2 bounced "host x said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
} >"$T/reset.log"
"$B" ingest -q "$T/reset.log"
expect_rc 0 "a delivery resets the soft count" "$B" check reset@example.net

# --- webhooks ----------------------------------------------------------------
expect_rc 0 "ingest a directory of webhook payloads" "$B" ingest --json "$SRC/tests/data/webhooks"
expect_eq "webhook payloads read" '"payloads":9' "$(grep -o '"payloads":[0-9]*' "$T/out")"
expect_rc 1 "check SES (SNS) bounce" "$B" check ghost@example.org
expect_rc 1 "check SendGrid bounce" "$B" check nobody@example.com
expect_rc 1 "check Mailgun bounce" "$B" check gone@example.io
expect_rc 1 "check Postmark bounce" "$B" check former@example.co
expect_rc 1 "check SparkPost bounce" "$B" check void@example.dev
expect_rc 1 "check complaints" "$B" check angry@example.net grumpy@example.co spam@example.com
expect_rc 0 "check webhook deliveries, delays" "$B" check fine@example.dev busy@example.io later@example.com
expect_rc 0 "the same payloads again" "$B" ingest --json "$SRC/tests/data/webhooks"
expect_eq "redelivered webhooks are duplicates" '"events":0,"duplicates":17' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*' "$T/out")"
echo '{"not":"a webhook"}' >"$T/odd.json"
expect_rc 65 "unknown JSON is a data error" "$B" ingest "$T/odd.json"
printf '{"RecordType":"Bounce","Type":"HardBounce","Email":"jl1@example.co","ID":71}\n{"RecordType":"Bounce","Type":"HardBounce","Email":"jl2@example.co","ID":72}\n' | "$B" ingest -q -
expect_rc 1 "JSON Lines on standard input" "$B" check jl1@example.co jl2@example.co

# --- bounce messages: the MTA pipe, message files, mbox, Maildir --------------
DSN_DATE=$(date -u -R) # one date: the same bounce sent twice is the same message
dsn() { # dsn RCPT STATUS DIAG MSGID: a DSN (RFC 3464) written for these tests
    cat <<MSG
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: bounces@sender.example
Subject: Undelivered Mail Returned to Sender
Date: $DSN_DATE
Message-ID: <dsn-$4@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"

--B0UND
Content-Type: text/plain

Your message could not be delivered.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; $1
Action: failed
Status: $2
Diagnostic-Code: smtp; $3

--B0UND
Content-Type: text/rfc822-headers

From: news@sender.example
To: $1
Subject: Weekly news
Message-ID: <$4@sender.example>
List-Id: <weekly.sender.example>

--B0UND--
MSG
}
dsn pipe@example.org 5.1.1 "550 5.1.1 <pipe@example.org>: no such user" m1 | "$B" ingest -q -
expect_eq "a bounce piped by the MTA is committed (exit 0)" 0 $?
expect_rc 1 "the piped bounce suppresses" "$B" check pipe@example.org
"$B" why --json pipe@example.org | grep -q '"source":"message"' && ok "why shows the message event" || bad "why shows the message event"
dsn pipe@example.org 5.1.1 "550 5.1.1 <pipe@example.org>: no such user" m1 | "$B" ingest --json - >"$T/out" 2>/dev/null
expect_eq "the same bounce again is a duplicate" '"events":0,"duplicates":1' "$(grep -o '"events":[0-9]*,"duplicates":[0-9]*' "$T/out")"
{ echo "From MAILER-DAEMON  Fri Nov 27 10:00:00 2026"; dsn fromline@example.org 5.1.1 "550 5.1.1 unknown" m2; } | "$B" ingest -q -
expect_rc 1 "a leading From line (pipe flag F)" "$B" check fromline@example.org
printf 'From: friend@example.org\nTo: me@example.net\nSubject: hello\n\nJust mail.\n' | "$B" ingest --json - >"$T/out" 2>/dev/null
expect_eq "ordinary mail: accepted, no event" '0 "events":0' "$? $(grep -o '"events":[0-9]*' "$T/out")"
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp"
dsn md1@example.org 5.1.1 "550 5.1.1 unknown" m3 >"$T/Maildir/new/1700000000.1.host"
dsn md2@example.org 5.2.2 "552 5.2.2 mailbox full" m4 >"$T/Maildir/new/1700000001.2.host"
expect_rc 0 "ingest a Maildir" "$B" ingest "$T/Maildir"
expect_eq "committed messages leave new/" "0 2" "$(ls "$T/Maildir/new" | wc -l) $(ls "$T/Maildir/cur" | grep -c ':2,S$')"
expect_rc 1 "Maildir bounce suppressed" "$B" check md1@example.org
expect_rc 0 "Maildir soft bounce only counted" "$B" check md2@example.org
{ echo "From a@b Fri Nov 27 10:00:00 2026"; dsn mb1@example.org 5.1.1 "550 5.1.1 unknown" m5; echo
  echo "From a@b Fri Nov 27 10:00:01 2026"; dsn mb2@example.org 5.1.2 "550 5.1.2 bad destination domain" m6; } >"$T/bounces.mbox"
expect_rc 0 "ingest an mbox" "$B" ingest "$T/bounces.mbox"
expect_rc 1 "both mbox bounces suppress" "$B" check mb1@example.org
expect_rc 1 "both mbox bounces suppress (2)" "$B" check mb2@example.org
mkdir -p "$T/msgs" && dsn dir1@example.org 5.1.1 "550 5.1.1 unknown" m7 >"$T/msgs/a.eml"
expect_rc 0 "ingest a directory of message files" "$B" ingest "$T/msgs"
expect_rc 1 "directory bounce suppressed" "$B" check dir1@example.org
"$B" ingest imap://127.0.0.1:1/INBOX >/dev/null 2>&1; rc=$?
case $rc in 75|69) ok "an unreachable IMAP server is a temporary failure ($rc)" ;; *) bad "unreachable IMAP server: exit $rc" ;; esac
expect_rc 66 "a missing source" "$B" ingest "$T/nonexistent.log"

# --- policy as data -------------------------------------------------------------
printf '[rule strict]\non = failed\ndo = suppress\nfor = 7d\n' >"$T/strict.conf"
pf 100 P1 pol@example.net 4.4.1 bounced "connect to mx: Connection timed out" >"$T/pol.log"
"$B" ingest -q "$T/pol.log"
expect_rc 0 "default policy: a timeout only counts" "$B" check pol@example.net
"$B" ingest -q --from-start --policy "$T/strict.conf" "$T/pol.log"
expect_rc 0 "a duplicate is not re-judged by another policy" "$B" check pol@example.net
pf 90 P2 pol@example.net 4.4.1 bounced "connect to mx: Connection timed out" >>"$T/pol.log"
"$B" ingest -q --policy "$T/strict.conf" "$T/pol.log"
"$B" check --json pol@example.net >"$T/out"
expect_eq "a custom rule suppresses" '"rule":"strict"' "$(grep -o '"rule":"strict"' "$T/out")"
printf '[rule x]\ndo = explode\n' >"$T/broken.conf"
expect_rc 78 "a broken policy is a configuration error" "$B" ingest --policy "$T/broken.conf" "$T/pol.log"
grep -q "line 2" "$T/err" && ok "policy error names the line" || bad "policy error names the line"
printf '[addresses]\nlocal-part = provider\n' >"$T/fold.conf"
"$B" suppressions add --policy "$T/fold.conf" John.Doe+news@GoogleMail.com 2>/dev/null
expect_rc 1 "provider folding (gmail)" "$B" check --policy "$T/fold.conf" johndoe@gmail.com

# --- suppressions ---------------------------------------------------------------
expect_rc 0 "add with scope, note and expiry" "$B" suppressions add --scope newsletter --note "asked us" --expires 30d list@example.com
expect_rc 0 "scoped: mailable globally" "$B" check list@example.com
expect_rc 1 "scoped: suppressed in its scope" "$B" check --scope newsletter list@example.com
"$B" suppressions list --json >"$T/list.json"
line=$(grep '"address":"list@example.com"' "$T/list.json")
keys=$(echo "$line" | grep -o '"[a-z_]*":' | tr -d '":' | tr '\n' ' ')
expect_eq "list --json fields" "address scope reason rule first_seen last_seen events expires " "$keys"
echo "$line" | grep -q '"scope":"newsletter","reason":"manual","rule":"manual"' && ok "list --json values" || bad "list --json values: $line"
"$B" why list@example.com >"$T/why"
grep -q "SUPPRESSED (scope newsletter)" "$T/why" && ok "why finds a scoped suppression" || { bad "why finds a scoped suppression"; cat "$T/why"; }
expect_rc 0 "remove" "$B" suppressions remove --scope newsletter list@example.com
expect_rc 0 "removed" "$B" check --scope newsletter list@example.com
expect_rc 0 "remove (all scopes)" "$B" suppressions remove hard@example.net
expect_rc 0 "removed everywhere" "$B" check hard@example.net

"$B" suppressions list --json | grep -o '"address":"[^"]*"' | sort >"$T/all"
for fmt in bouncekit ses sendgrid mailgun postmark; do
    "$B" suppressions export --format $fmt -o "$T/exp.$fmt" 2>/dev/null
    BOUNCEKIT_DB=$T/import-$fmt.db "$B" suppressions import --format $fmt "$T/exp.$fmt" 2>/dev/null
    got=$(BOUNCEKIT_DB=$T/import-$fmt.db "$B" suppressions list --json | grep -o '"address":"[^"]*"' | sort)
    expect_eq "export/import round trip: $fmt" "$(cat "$T/all")" "$got"
done
head -1 "$T/exp.ses" | grep -qx 'emailAddress,reason' && ok "ses header" || bad "ses header"
head -1 "$T/exp.mailgun" | grep -qx 'address,code,error,created_at' && ok "mailgun header" || bad "mailgun header"
grep -q '^angry@example.net,COMPLAINT$' "$T/exp.ses" && ok "ses complaint row" || bad "ses complaint row"
printf 'recipient@example.com,BOUNCE\nother@example.com,COMPLAINT\n' >"$T/ses-noheader.csv"
expect_rc 0 "import SES rows without a header" "$B" suppressions import --format ses "$T/ses-noheader.csv"
"$B" check --json other@example.com | grep -q '"reason":"complaint"' && ok "imported reason kept" || bad "imported reason kept"
printf 'email\nok1@example.com\nnot-an-address\n' >"$T/sg.csv"
expect_rc 1 "import reports unusable rows" "$B" suppressions import --format sendgrid "$T/sg.csv"
expect_rc 1 "the good rows are imported" "$B" check ok1@example.com
expect_rc 2 "unknown action" "$B" suppressions frobnicate

# --- report ---------------------------------------------------------------------
"$B" report --json --days 40 --chart "$T/chart.svg" >"$T/report.json"; rc=$?
expect_eq "report exit status" 0 $rc
expect_rc 1 "report --fail-over: thresholds reached" "$B" report --fail-over --days 40
total=$(head -1 "$T/report.json")
echo "$total" | grep -q '"group":"total"' && ok "report total line" || bad "report total line"
echo "$total" | grep -q '"name":"ses-bounce-review","limit":0.0500' && ok "report thresholds" || bad "report thresholds: $total"
grep -q '"group":"reason","key":"userunknown"' "$T/report.json" && ok "report by reason" || bad "report by reason"
grep -q '"group":"domain","key":"example.net"' "$T/report.json" && ok "report by domain" || bad "report by domain"
grep -q '"group":"day"' "$T/report.json" && ok "report by day" || bad "report by day"
head -c 200 "$T/chart.svg" | grep -q '<svg' && grep -q '</svg>' "$T/chart.svg" && ok "report chart is SVG" || bad "report chart is SVG"
"$B" report --days 40 >"$T/report.txt"
grep -q "SES bounce review (5%, hard)" "$T/report.txt" && ok "report table" || bad "report table"

# --- follow ---------------------------------------------------------------------
: >"$T/follow.log"
"$B" ingest --follow --interval 0.1 -q "$T/follow.log" 2>"$T/follow.err" &
FOLLOW_PID=$!
wait_check() { # wait_check ADDRESS: until suppressed (10 s at most)
    for _ in $(seq 100); do "$B" check -q "$1" >/dev/null 2>&1 || return 0; sleep 0.1; done; return 1
}
pf 50 F1 follow1@example.net 5.1.1 bounced "host x said: 550 5.1.1 unknown (in reply to RCPT TO command)" >>"$T/follow.log"
wait_check follow1@example.net && ok "follow: a new line is ingested" || bad "follow: a new line is ingested"
mv "$T/follow.log" "$T/follow.log.1"
pf 40 F2 follow2@example.net 5.1.1 bounced "host x said: 550 5.1.1 unknown (in reply to RCPT TO command)" >>"$T/follow.log.1"
sleep 0.3
pf 30 F3 follow3@example.net 5.1.1 bounced "host x said: 550 5.1.1 unknown (in reply to RCPT TO command)" >"$T/follow.log"
wait_check follow3@example.net && ok "follow: the new file after rotation" || bad "follow: the new file after rotation"
wait_check follow2@example.net && ok "follow: the rest of the rotated file" || bad "follow: the rest of the rotated file"
kill -TERM $FOLLOW_PID; wait $FOLLOW_PID; rc=$?
expect_eq "follow stops cleanly on SIGTERM" 0 $rc
FOLLOW_PID=

echo "$((fails == 0 ? 1 : 0)) passed, $((fails > 0 ? 1 : 0)) failed"
[ $fails = 0 ]
