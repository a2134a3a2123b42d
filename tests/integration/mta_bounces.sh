#!/bin/bash
# mta_bounces.sh - real bounces from real MTAs, and bouncekit parse on them.
#
# Private instances of Postfix, Exim, OpenSMTPD, Sendmail, Courier and the
# DragonFly Mail Agent (see lib/; the last five are Debian's packages
# unpacked by scripts/fetch-mta.sh, each skipped with a message when it
# cannot be fetched) send mail that cannot be delivered to a receiving
# Postfix (unknown user, message over its size limit), to an unknown domain
# (NXDOMAIN from the test's own DNS server) and to a destination that never
# takes it (expiry, delay warnings); the bounces they return to the sender
# are checked for the DSN fields each MTA is known to produce (dma's plain
# text report has none: for the sentences it writes instead), then, when
# the built tool has a `parse` subcommand,
# run through `bouncekit parse --format jsonl`: recipient, action, status,
# diagnostic, reason and bounce class must match the case.
#
# Env: BOUNCEKIT (the tool), BK_SRC, BK_BUILD; BK_BOUNCE_DIR to keep the
# bounces somewhere else than $BK_BUILD/mta-bounces; BK_BOUNCE_MTAS to run
# fewer MTAs.  Skips (77) without root or Postfix.  Takes about 75 s (the
# expiry cases dominate; the MTAs run side by side).
BK_TEST_NAME=mta_bounces
here=$(cd "$(dirname "$0")" && pwd)
BK_SRC=${BK_SRC:-$(cd "$here/../.." && pwd)}
export BK_SRC
. "$here/lib/common.sh"
. "$here/lib/postfix.sh"
. "$here/lib/postfix-smtp-target.sh"
. "$here/lib/exim.sh"
. "$here/lib/opensmtpd.sh"
. "$here/lib/sendmail.sh"
. "$here/lib/courier.sh"
. "$here/lib/dma.sh"
. "$here/lib/dns.sh"
. "$here/lib/bounces.sh"

[ "$(id -u)" = 0 ] || bk_skip "needs root to run private MTA instances"
bk_postfix_available || bk_skip "postfix is not installed (scripts/install-deps.sh installs it)"
if [ "${BK_ISOLATED:-0}" != 1 ] && [ -z "${BK_EXIM:-}" ]; then
    bk_exim_find && export BK_EXIM || bk_log "exim could not be fetched; its cases are skipped"
fi
if [ "${BK_ISOLATED:-0}" != 1 ]; then
    [ -n "${BK_OPENSMTPD:-}" ] || { bk_opensmtpd_find && export BK_OPENSMTPD; } ||
        bk_log "opensmtpd could not be fetched; its cases are skipped"
    [ -n "${BK_SENDMAIL:-}" ] || { bk_sendmail_find && export BK_SENDMAIL; } ||
        bk_log "sendmail could not be fetched; its cases are skipped"
    [ -n "${BK_COURIER:-}" ] || { bk_courier_find && export BK_COURIER; } ||
        bk_log "courier could not be fetched; its cases are skipped"
    [ -n "${BK_DMA:-}" ] || { bk_dma_find && export BK_DMA; } ||
        bk_log "dma could not be fetched; its cases are skipped"
fi
bk_isolate "$0" "$@"

out=${BK_BOUNCE_DIR:-${BK_BUILD:-$BK_SRC/build}/mta-bounces}
mkdir -p "$out"
rm -f "$out"/*.eml "$out/index.tsv"
start=$SECONDS
bk_make_bounces "$out" || bk_fail "not every bounce arrived:$BK_BOUNCES_MISSING"
bk_log "$(wc -l <"$out/index.tsv") bounces in $((SECONDS - start)) s, saved in $out"

fails=0
check() {   # check FILE DESCRIPTION COMMAND...
    local f=$1 what=$2; shift 2
    if ! "$@"; then
        bk_log "FAIL: $f: $what"
        fails=$((fails + 1))
    fi
}
# Field of the message/delivery-status part (first occurrence).
dsn_field() { awk -v n="$2" 'tolower($0) ~ "^" tolower(n) ":" { sub(/^[^:]*: */, ""); print; exit }' "$1"; }
# Unfolded text of the whole message, for phrases that MTAs wrap.
flat() { tr '\n' ' ' <"$1" | tr -s ' \t' '  '; }
# What a bounce ($f, named $file, with $status its Status) must show:
status_is() { check "$file" "Status '$status' is not $1" [ "$status" = "$1" ]; }
status_like() { check "$file" "Status '$status' is not $1" grep -Eq "^($2)\$" <<<"$status"; } # WHAT ERE
says() { check "$file" "no '$1'" grep -q "$2" "$f"; }                       # WHAT BRE: a line
flat_says() { check "$file" "no '$1'" grep -Eq "$2" <(flat "$f"); }          # WHAT ERE: the text
diag_says() {                                                                # WHAT ERE
    check "$file" "no '$1' in Diagnostic-Code" grep -Eiq "$2" <<<"$(dsn_field "$f" Diagnostic-Code)"
}

# Expected DSN facts per MTA and case, read from the bounce itself.
while IFS=$'\t' read -r file mta case rcpt; do
    f=$out/$file
    status=$(dsn_field "$f" Status)
    action=$(dsn_field "$f" Action)
    want_action=failed
    # A delay warning; OpenSMTPD labels its expiry report "delayed" as well.
    case $mta-$case in *-delayed | opensmtpd-expired) want_action=delayed ;; esac
    if [ "$mta" = dma ]; then
        # dma writes a plain text report: no delivery-status part, the
        # recipient in a sentence, the reason in the paragraph below it.
        check "$file" "a delivery-status part" [ -z "$action$status" ]
        says "error delivering your mail to <$rcpt>" "^There was an error delivering your mail to <$rcpt>\.\$"
        says 'Subject: Mail delivery failed' '^Subject: Mail delivery failed$'
        says 'DragonFly Mail Agent' '^This is the DragonFly Mail Agent v[0-9.]* at mta-dma\.bk\.test\.$'
    else
        check "$file" "Action '$action' is not $want_action" [ "$action" = "$want_action" ]
        check "$file" "Final-Recipient is not $rcpt" grep -qi "^Final-Recipient: *rfc822; *$rcpt" "$f"
    fi
    case $mta-$case in
    postfix-userunknown | postfix-userunknown-local) status_is 5.1.1 ;;
    postfix-hostunknown)
        status_like 5.4.4/5.1.2 '5\.(4\.4|1\.2)'
        flat_says 'Host or domain name not found' 'Host or domain name not found' ;;
    postfix-mesgtoobig) status_like 5.3.4/5.2.3 '5\.(3\.4|2\.3)' ;;
    postfix-expired)
        status_like 4.4.x '4\.4\.[0-9]+'
        flat_says 'Connection refused' 'Connection refused' ;;
    exim-userunknown)
        # Exim reports 5.0.0 and passes the remote reply on.
        status_like 5.x.x '5\.[0-9]+\.[0-9]+'
        diag_says '550 5.1.1' '^(smtp; *)?550 5\.1\.1' ;;
    exim-hostunknown)
        status_like 5.x.x '5\.[0-9]+\.[0-9]+'
        says 'Unrouteable address' 'Unrouteable address' ;;
    exim-mesgtoobig)
        status_like 5.x.x '5\.[0-9]+\.[0-9]+'
        diag_says '552 5.3.4' '^(smtp; *)?552 5\.3\.4' ;;
    exim-expired)
        # Which of the two depends on the retry times the queue runs meet.
        flat_says 'retry timeout exceeded or have been failing for a long time' \
            'retry timeout exceeded|have been failing for a long time' ;;
    postfix-delayed)
        status_is 4.4.1
        says 'Delayed Mail (still being retried)' '^Subject: Delayed Mail (still being retried)' ;;
    exim-delayed)
        # Exim's warning names no reason for the delay.
        status_is 4.0.0
        says 'has not yet been delivered' 'has not yet been delivered' ;;
    opensmtpd-userunknown)
        # OpenSMTPD reports 5.0.0 and quotes the remote reply in its text.
        status_is 5.0.0
        says "$rcpt: 550 5.1.1" "^$rcpt: 550 5\.1\.1 " ;;
    opensmtpd-hostunknown)
        status_is 5.0.0
        says "$rcpt: Domain does not exist" "^$rcpt: Domain does not exist" ;;
    opensmtpd-mesgtoobig)
        # Refused before sending: the receiver's SIZE limit is known.
        status_is 5.0.0
        says "$rcpt: message too large for peer" "^$rcpt: message too large for peer" ;;
    opensmtpd-delayed)
        status_is 4.0.0
        says "$rcpt: 450 4.7.1" "^$rcpt: 450 4\.7\.1 " ;;
    opensmtpd-expired)
        status_is 4.4.7
        says "$rcpt: Envelope expired" "^$rcpt: Envelope expired" ;;
    sendmail-userunknown)
        status_is 5.1.1
        diag_says '550 5.1.1' '^smtp; *550 5\.1\.1' ;;
    sendmail-hostunknown)
        status_is 5.1.2
        diag_says '550 Host unknown' '^smtp; *550 Host unknown' ;;
    sendmail-mesgtoobig)
        status_is 5.3.4
        diag_says '552 5.3.4' '^smtp; *552 5\.3\.4' ;;
    sendmail-delayed)
        status_is 4.4.1
        says 'Warning: could not send message' '^Subject: Warning: could not send message for past' ;;
    sendmail-expired)
        status_is 4.4.7
        says 'Message could not be delivered for' '^Message could not be delivered for' ;;
    courier-userunknown | courier-mesgtoobig)
        # Courier reports 5.0.0 and passes the remote reply on.
        status_is 5.0.0
        diag_says 'the remote reply' '^smtp; *55[02] 5\.(1\.1|3\.4) ' ;;
    courier-hostunknown)
        status_is 5.0.0
        diag_says 'No such domain.' '^unknown; *No such domain\.' ;;
    courier-delayed)
        status_is 4.0.0
        says '<<< Network is down' '^ <<< Network is down' ;;
    courier-expired)
        # Its final report does not say that the queue time ran out.
        status_is 5.0.0
        diag_says 'Network is down' '^unknown; *Network is down' ;;
    dma-userunknown)
        # The remote reply on a line of its own, under the host and the
        # command it answered.
        says 'did not like our RCPT TO:' '^mail\.mx\.bk\.test \[127\.0\.0\.1\] did not like our RCPT TO:$'
        says '550 5.1.1' "^550 5\.1\.1 <$rcpt>: " ;;
    dma-mesgtoobig)
        # dma does not use SIZE: the receiver refuses the message after it.
        says 'did not like our final DATA:' '^mail\.mx\.bk\.test \[127\.0\.0\.1\] did not like our final DATA:$'
        says '552 5.3.4' '^552 5\.3\.4 ' ;;
    dma-hostunknown)
        says 'DNS lookup failure' '^DNS lookup failure: host nosuch\.bk\.test not found$' ;;
    dma-expired)
        # Its report names neither the last error nor a status.
        says 'Giving up.' '^Could not deliver for the last 432000 seconds\. Giving up\.$' ;;
    *) bk_fail "no expectation for $mta-$case" ;;
    esac
done <"$out/index.tsv"
[ "$fails" = 0 ] || bk_fail "$fails check(s) of the MTA bounces failed"
bk_log "every bounce carries the DSN fields its MTA produces"

# The parser, when the tool has one.
if [ -z "${BOUNCEKIT:-}" ] || ! "$BOUNCEKIT" parse --help >/dev/null 2>&1; then
    bk_log "SKIP (parser part): '${BOUNCEKIT:-bouncekit} parse' is not available; the MTA part passed"
    exit 0
fi
while IFS=$'\t' read -r file mta case rcpt; do
    f=$out/$file
    json=$("$BOUNCEKIT" parse --format jsonl "$f" 2>"$BK_TMP/parse.err")
    rc=$?
    if [ $rc -ne 0 ]; then
        bk_log "FAIL: $file: bouncekit parse exited $rc: $(cat "$BK_TMP/parse.err")"
        fails=$((fails + 1))
        continue
    fi
    if ! python3 - "$file" "$mta" "$case" "$rcpt" "$json" <<'PY'
import json, sys
file, mta, case, rcpt, out = sys.argv[1:6]
want_reason = {"userunknown": {"userunknown"}, "userunknown-local": {"userunknown"},
               "hostunknown": {"hostunknown"}, "mesgtoobig": {"mesgtoobig", "exceedlimit"},
               "expired": {"expired"}, "delayed": {"expired"}}[case]
# Sendmail's reports name the last deferral ("Deferred: Connection refused
# by HOST"), which the corpus convention (Sisimai's) classes as blocked, in
# the delay warning and in the final report alike; OpenSMTPD's warning
# quotes the remote 450 4.7.1, a policy deferral.
want_reason = {("sendmail", "delayed"): {"blocked"}, ("sendmail", "expired"): {"blocked"},
               ("opensmtpd", "delayed"): {"rejected", "blocked"}}.get((mta, case), want_reason)
want_bounce = {"userunknown": "hard", "userunknown-local": "hard", "hostunknown": "hard",
               "mesgtoobig": "soft", "expired": "soft", "delayed": "soft"}[case]
# OpenSMTPD's expiry report says "delayed"; it is the final one (4.4.7,
# "Envelope expired"), which the parser reports as failed.
want_action = "delayed" if case == "delayed" else "failed"
# Status: what the report says, or the more specific code of the remote
# reply that Exim and OpenSMTPD pass on under their generic x.0.0.
want_status = {
    ("postfix", "userunknown"): {"5.1.1"}, ("postfix", "userunknown-local"): {"5.1.1"},
    ("postfix", "hostunknown"): {"5.4.4", "5.1.2"}, ("postfix", "mesgtoobig"): {"5.3.4", "5.2.3"},
    ("postfix", "expired"): {"4.4.1", "4.4.7"}, ("postfix", "delayed"): {"4.4.1"},
    ("exim", "delayed"): {"4.0.0"},
    ("exim", "userunknown"): {"5.1.1"}, ("exim", "hostunknown"): {"5.0.0", "5.1.2", "5.4.4"},
    ("exim", "mesgtoobig"): {"5.3.4", "5.2.3"}, ("exim", "expired"): {"5.0.0", "4.4.7", "4.4.1", "5.4.7"},
    ("opensmtpd", "userunknown"): {"5.1.1"}, ("opensmtpd", "hostunknown"): {"5.0.0", "5.1.2", "5.4.4"},
    ("opensmtpd", "mesgtoobig"): {"5.0.0", "5.3.4", "5.2.3"}, ("opensmtpd", "delayed"): {"4.7.1"},
    ("opensmtpd", "expired"): {"4.4.7"},
    ("sendmail", "userunknown"): {"5.1.1"}, ("sendmail", "hostunknown"): {"5.1.2"},
    ("sendmail", "mesgtoobig"): {"5.3.4"}, ("sendmail", "delayed"): {"4.4.1"},
    ("sendmail", "expired"): {"4.4.7"},
    ("courier", "userunknown"): {"5.1.1"}, ("courier", "hostunknown"): {"5.0.0", "5.1.2", "5.4.4"},
    ("courier", "mesgtoobig"): {"5.3.4"}, ("courier", "delayed"): {"4.0.0", "4.4.1"},
    ("courier", "expired"): {"5.0.0", "4.4.7"},
    # dma's report has no Status: the code of the remote reply it quotes,
    # or none.
    ("dma", "userunknown"): {"5.1.1"}, ("dma", "mesgtoobig"): {"5.3.4"},
    ("dma", "hostunknown"): {None}, ("dma", "expired"): {None},
}[(mta, case)]
# The diagnostic: the remote reply or the MTA's own reason, and none of the
# report's prose around it.
want_diag = {"userunknown": "550 5.1.1", "hostunknown": "", "mesgtoobig": "",
             "expired": "", "delayed": "", "userunknown-local": ""}[case]
want_diag = {("opensmtpd", "hostunknown"): "Domain does not exist",
             ("opensmtpd", "mesgtoobig"): "message too large for peer",
             ("opensmtpd", "delayed"): "450 4.7.1 Try again later",
             ("opensmtpd", "expired"): "Envelope expired",
             ("postfix", "delayed"): "Connection refused",
             ("sendmail", "hostunknown"): "Host unknown",
             ("sendmail", "mesgtoobig"): "552 5.3.4",
             ("sendmail", "delayed"): "Connection refused",
             ("sendmail", "expired"): "Connection refused",
             ("courier", "hostunknown"): "No such domain",
             ("courier", "mesgtoobig"): "552 5.3.4",
             ("courier", "delayed"): "Network is down",
             ("courier", "expired"): "Network is down",
             ("dma", "mesgtoobig"): "552 5.3.4",
             ("dma", "hostunknown"): "DNS lookup failure: host nosuch.bk.test not found",
             ("dma", "expired"): "Could not deliver for the last 432000 seconds"}.get((mta, case), want_diag)
prose = ("Please note", "DO NOT", "Below is a copy", "This is the MAILER-DAEMON",
         "Transcript of session", "delivery status notification",
         "There was an error delivering", "Message headers follow", "This is the DragonFly")
recs = [json.loads(l) for l in out.splitlines() if l.strip()]
errs = []
mine = [r for r in recs if str(r.get("recipient", "")).lower() == rcpt]
if not mine:
    errs.append("no record for %s (records: %s)" % (rcpt, [r.get("recipient") for r in recs]))
else:
    r = mine[0]
    if r.get("reason") not in want_reason:
        errs.append("reason %r, want %s" % (r.get("reason"), "/".join(sorted(want_reason))))
    if r.get("bounce") != want_bounce:
        errs.append("bounce %r, want %r" % (r.get("bounce"), want_bounce))
    if r.get("action") != want_action:
        errs.append("action %r, want %r" % (r.get("action"), want_action))
    d = r.get("diagnostic") or ""
    if want_diag and want_diag not in d:
        errs.append("diagnostic %r lacks %r" % (d, want_diag))
    if any(p in d for p in prose):
        errs.append("diagnostic %r holds the report's prose" % d)
    if r.get("status") not in want_status:
        errs.append("status %r, want %s" % (r.get("status"), "/".join(sorted(want_status))))
for e in errs:
    print("%s: FAIL: %s: %s" % ("mta_bounces", file, e), file=sys.stderr)
sys.exit(1 if errs else 0)
PY
    then
        fails=$((fails + 1))
    fi
done <"$out/index.tsv"
# Side by side with Sisimai (Debian's libsisimai-perl), when installed: the
# reference that the expectations above agree with.
if perl -MSisimai -e 1 2>/dev/null; then
    bk_log "file                               bouncekit reason/status/bounce   sisimai reason/status/bounce"
    while IFS=$'\t' read -r file mta case rcpt; do
        b=$("$BOUNCEKIT" parse --format jsonl "$out/$file" 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if str(r.get("recipient", "")).lower() == sys.argv[1]:
        print("%s/%s/%s" % (r.get("reason"), r.get("status"), r.get("bounce"))); break' "$rcpt")
        m=$(perl -MSisimai -e 'for my $e (@{ Sisimai->make($ARGV[0]) || [] }) {
                next unless lc $e->recipient->address eq $ARGV[1];
                printf "%s/%s/%s\n", $e->reason, $e->deliverystatus, $e->softbounce ? "soft" : "hard"; last }' "$out/$file" "$rcpt")
        bk_log "$(printf '%-34s %-32s %s' "$file" "$b" "$m")"
    done <"$out/index.tsv"
fi
[ "$fails" = 0 ] || bk_fail "$fails bounce(s) parsed wrong by bouncekit parse"
bk_log "bouncekit parse: recipient, status, reason and bounce class right for every bounce"
exit 0
