#!/bin/bash
# mta_bounces.sh - real bounces from real MTAs, and bouncekit parse on them.
#
# A private Postfix and a private Exim (see lib/) send mail that cannot be
# delivered to a receiving Postfix, to an unknown domain (NXDOMAIN from the
# test's own DNS server) and to a port where nothing listens; the bounces
# they return to the sender are checked for the DSN status each MTA is
# known to produce, then, when the built tool has a `parse` subcommand, run
# through `bouncekit parse --format jsonl`: recipient, status, reason and
# bounce class must match the case.
#
# Env: BOUNCEKIT (the tool), BK_SRC, BK_BUILD; BK_BOUNCE_DIR to keep the
# bounces somewhere else than $BK_BUILD/mta-bounces.  Skips (77) without
# root or Postfix.  Takes about a minute (the expiry cases dominate).
BK_TEST_NAME=mta_bounces
here=$(cd "$(dirname "$0")" && pwd)
BK_SRC=${BK_SRC:-$(cd "$here/../.." && pwd)}
export BK_SRC
. "$here/lib/common.sh"
. "$here/lib/postfix.sh"
. "$here/lib/postfix-smtp-target.sh"
. "$here/lib/exim.sh"
. "$here/lib/dns.sh"
. "$here/lib/bounces.sh"

[ "$(id -u)" = 0 ] || bk_skip "needs root to run private MTA instances"
bk_postfix_available || bk_skip "postfix is not installed (scripts/install-deps.sh installs it)"
if [ "${BK_ISOLATED:-0}" != 1 ] && [ -z "${BK_EXIM:-}" ]; then
    bk_exim_find && export BK_EXIM || bk_log "exim could not be fetched; its cases are skipped"
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

# Expected DSN facts per MTA and case, read from the bounce itself.
while IFS=$'\t' read -r file mta case rcpt; do
    f=$out/$file
    status=$(dsn_field "$f" Status)
    action=$(dsn_field "$f" Action)
    check "$file" "Action '$action' is not failed" [ "$action" = failed ]
    check "$file" "Final-Recipient is not $rcpt" grep -qi "^Final-Recipient: *rfc822; *$rcpt" "$f"
    case $mta-$case in
    postfix-userunknown | postfix-userunknown-local)
        check "$file" "Status '$status' is not 5.1.1" [ "$status" = 5.1.1 ] ;;
    postfix-hostunknown)
        check "$file" "Status '$status' is not 5.4.4/5.1.2" grep -Eq '^5\.(4\.4|1\.2)$' <<<"$status"
        check "$file" "no 'Host or domain name not found'" grep -q 'Host or domain name not found' <(flat "$f") ;;
    postfix-mesgtoobig)
        check "$file" "Status '$status' is not 5.3.4/5.2.3" grep -Eq '^5\.(3\.4|2\.3)$' <<<"$status" ;;
    postfix-expired)
        check "$file" "Status '$status' is not 4.4.x" grep -Eq '^4\.4\.[0-9]+$' <<<"$status"
        check "$file" "no 'Connection refused'" grep -q 'Connection refused' <(flat "$f") ;;
    exim-userunknown)
        # Exim reports 5.0.0 and passes the remote reply on.
        check "$file" "Status '$status' is not 5.x.x" grep -Eq '^5\.[0-9]+\.[0-9]+$' <<<"$status"
        check "$file" "no 550 5.1.1 in Diagnostic-Code" grep -Eq '^550 5\.1\.1' <<<"$(dsn_field "$f" Diagnostic-Code | sed 's/^smtp; *//')" ;;
    exim-hostunknown)
        check "$file" "Status '$status' is not 5.x.x" grep -Eq '^5\.[0-9]+\.[0-9]+$' <<<"$status"
        check "$file" "no 'Unrouteable address'" grep -q 'Unrouteable address' "$f" ;;
    exim-mesgtoobig)
        check "$file" "Status '$status' is not 5.x.x" grep -Eq '^5\.[0-9]+\.[0-9]+$' <<<"$status"
        check "$file" "no 552 5.3.4 in Diagnostic-Code" grep -Eq '^552 5\.3\.4' <<<"$(dsn_field "$f" Diagnostic-Code | sed 's/^smtp; *//')" ;;
    exim-expired)
        check "$file" "no 'retry timeout exceeded'" grep -q 'retry timeout exceeded' "$f" ;;
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
               "expired": {"expired"}}[case]
want_bounce = {"userunknown": "hard", "userunknown-local": "hard", "hostunknown": "hard",
               "mesgtoobig": "soft", "expired": "soft"}[case]
# Status: what the report says, or the more specific code of the remote
# reply that Exim passes on under its generic 5.0.0.
want_status = {
    ("postfix", "userunknown"): {"5.1.1"}, ("postfix", "userunknown-local"): {"5.1.1"},
    ("postfix", "hostunknown"): {"5.4.4", "5.1.2"}, ("postfix", "mesgtoobig"): {"5.3.4", "5.2.3"},
    ("postfix", "expired"): {"4.4.1", "4.4.7"},
    ("exim", "userunknown"): {"5.1.1"}, ("exim", "hostunknown"): {"5.0.0", "5.1.2", "5.4.4"},
    ("exim", "mesgtoobig"): {"5.3.4", "5.2.3"}, ("exim", "expired"): {"5.0.0", "4.4.7", "4.4.1", "5.4.7"},
}[(mta, case)]
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
