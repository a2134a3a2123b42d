# shellcheck shell=bash
# bounces.sh - make real bounce messages with real MTAs (sourced after
# common.sh, postfix.sh, postfix-smtp-target.sh, exim.sh and dns.sh).
#
#   bk_make_bounces OUTDIR
#
# Starts, on loopback:
#   - a receiving MX (postfix-smtp-target.sh: mx.bk.test, rejects unknown
#     users with 550 5.1.1 and messages over 20000 bytes with 552 5.3.4),
#   - a DNS server (dns.sh) on the namespace's 127.0.0.1:53, when the test
#     runs in its own network namespace, so that nosuch.bk.test is NXDOMAIN,
#   - a sending Postfix (mta-postfix.bk.test) and, when it can be fetched, a
#     sending Exim (mta-exim.bk.test), which both hold the Maildir of
#     sender@sender.bk.test,
# then submits over SMTP, from sender@sender.bk.test, one message per case:
#   userunknown        nosuchuser@mx.bk.test       (the MX says 550 5.1.1)
#   userunknown-local  nosuchuser@mta-postfix.bk.test  (Postfix local(8))
#   hostunknown        user@nosuch.bk.test         (NXDOMAIN; namespace only)
#   mesgtoobig         known@mx.bk.test, 30 kB     (the MX says 552 5.3.4)
#   expired            user@dead.bk.test           (a port nothing listens on;
#                      the queue lifetime / retry rule gives up in ~30 s)
# and waits for the bounces each MTA returns to the sender.  They are saved
# as OUTDIR/MTA-CASE.eml, listed in OUTDIR/index.tsv (file, MTA, case,
# recipient).  BK_BOUNCE_MTAS limits the MTAs ("postfix exim" by default).
# Returns non-zero when a bounce did not arrive in time (what arrived is
# still saved); BK_BOUNCES_MISSING lists the missing ones.

BK_BOUNCE_WAIT=${BK_BOUNCE_WAIT:-150}

bk__bounce_cases() {
    # MTA CASE RECIPIENT SIZE
    local mta host
    for mta in $BK_BOUNCE_MTAS_RUN; do
        host=mta-$mta.bk.test
        echo "$mta userunknown nosuchuser@mx.bk.test 0"
        [ "$mta" = postfix ] && echo "$mta userunknown-local nosuchuser@$host 0"
        [ "$BK_BOUNCE_DNS" = 1 ] && echo "$mta hostunknown user@nosuch.bk.test 0"
        echo "$mta mesgtoobig known@mx.bk.test 30000"
        echo "$mta expired user@dead.bk.test 0"
    done
}

bk_make_bounces() {
    local out=$1 t pf ex dead mta case rcpt size f port m
    mkdir -p "$out"
    # Bounces of an earlier run must not pass for this run's.
    rm -f "$out"/postfix-*.eml "$out"/exim-*.eml "$out/index.tsv"
    bk_tmpdir
    t=$BK_TMP/bounces
    mkdir -p "$t"

    BK_BOUNCE_DNS=0
    if [ "${BK_ISOLATED:-0}" = 1 ] && bk_dns_available; then
        if bk_dns_start "$t/dns" 53; then
            BK_BOUNCE_DNS=1
        else
            bk_log "DNS server did not start: hostunknown cases skipped"
        fi
    else
        bk_log "no private network namespace or no unbound: hostunknown cases skipped"
    fi

    BK_TARGET_SIZE_LIMIT=20000 bk_smtp_target_start "$t/target" || return 1
    dead=$(bk_free_port)

    BK_BOUNCE_MTAS_RUN=""
    for mta in ${BK_BOUNCE_MTAS:-postfix exim}; do
        case $mta in
        postfix)
            pf=$t/postfix
            bk_postfix_new "$pf" mta-postfix.bk.test "$(bk_free_port)"
            bk_postfix_conf "$pf" \
                "transport_maps = inline:{ mx.bk.test=smtp:[127.0.0.1]:$BK_TARGET_PORT, dead.bk.test=smtp:[127.0.0.1]:$dead, nosuch.bk.test=dnssmtp: }" \
                "maximal_queue_lifetime = 30s" "bounce_queue_lifetime = 30s"
            # Only this transport may use DNS, and it is only routed to
            # when the test has its own DNS server in its own namespace.
            bk_postfix_service "$pf" "dnssmtp    unix  -       -       n       -       -       smtp -o smtp_dns_support_level=enabled -o smtp_host_lookup=dns"
            bk_postfix_start "$pf" || return 1
            BK_BOUNCE_MTAS_RUN="$BK_BOUNCE_MTAS_RUN postfix"
            ;;
        exim)
            if ! bk_exim_find; then
                bk_log "exim is not available (scripts/fetch-exim.sh failed): exim cases skipped"
                continue
            fi
            ex=$t/exim
            bk_exim_new "$ex" mta-exim.bk.test "$(bk_free_port)"
            bk_exim_route "$ex" mx.bk.test 127.0.0.1 "$BK_TARGET_PORT"
            bk_exim_route "$ex" dead.bk.test 127.0.0.1 "$dead"
            [ "$BK_BOUNCE_DNS" = 1 ] && bk_exim_dns_domain "$ex" nosuch.bk.test
            bk_exim_start "$ex" || return 1
            BK_BOUNCE_MTAS_RUN="$BK_BOUNCE_MTAS_RUN exim"
            ;;
        *) bk_log "unknown MTA '$mta'"; return 1 ;;
        esac
    done

    : >"$out/index.tsv.tmp"
    while read -r mta case rcpt size; do
        port=$(cat "$t/$mta/port")
        bk_smtp_send "$port" sender@sender.bk.test "$rcpt" "$size" "bouncekit test: $case" >/dev/null ||
            { bk_log "$mta did not accept the message to $rcpt"; return 1; }
    done < <(bk__bounce_cases)

    # Collect: a bounce belongs to the case whose recipient it names in
    # Final-Recipient (Postfix and Exim both send RFC 3464 reports).
    local deadline=$((SECONDS + BK_BOUNCE_WAIT)) missing
    while :; do
        missing=""
        while read -r mta case rcpt size; do
            f=$out/$mta-$case.eml
            if [ ! -s "$f" ]; then
                for m in "$t/$mta/mail/sender/new"/*; do
                    [ -f "$m" ] || continue
                    if grep -qi "^Final-Recipient: *rfc822; *$rcpt\s*$" "$m"; then
                        cp "$m" "$f"
                        printf '%s\t%s\t%s\t%s\n' "$mta-$case.eml" "$mta" "$case" "$rcpt" >>"$out/index.tsv.tmp"
                        break
                    fi
                done
            fi
            [ -s "$f" ] || missing="$missing $mta-$case"
        done < <(bk__bounce_cases)
        [ -z "$missing" ] && break
        [ $SECONDS -ge $deadline ] && break
        sleep 2
    done
    sort "$out/index.tsv.tmp" >"$out/index.tsv"
    rm -f "$out/index.tsv.tmp"
    BK_BOUNCES_MISSING=$missing
    if [ -n "$missing" ]; then
        bk_log "bounces missing after ${BK_BOUNCE_WAIT}s:$missing"
        for mta in $BK_BOUNCE_MTAS_RUN; do
            bk_log "---- $mta log"
            if [ "$mta" = postfix ]; then bk_postfix_log "$t/postfix" | tail -40 >&2
            else bk_exim_log "$t/exim" | grep -v 'lost privilege' | tail -40 >&2; fi
        done
        return 1
    fi
    return 0
}
