# shellcheck shell=bash
# bounces.sh - make real bounce messages with real MTAs (sourced after
# common.sh, postfix.sh, postfix-smtp-target.sh, exim.sh, opensmtpd.sh,
# sendmail.sh, courier.sh, dma.sh and dns.sh).
#
#   bk_make_bounces OUTDIR
#
# Starts, on loopback:
#   - a receiving MX (postfix-smtp-target.sh: mx.bk.test, rejects unknown
#     users with 550 5.1.1 and messages over 20000 bytes with 552 5.3.4),
#   - a DNS server (dns.sh) on the namespace's 127.0.0.1:53, when the test
#     runs in its own network namespace, so that nosuch.bk.test is NXDOMAIN,
#   - the sending MTAs, each a private instance named mta-NAME.bk.test:
#     Postfix; and, each when its Debian packages can be fetched and
#     unpacked (scripts/fetch-mta.sh), Exim, OpenSMTPD, Sendmail,
#     Courier and dma (the last four only inside the test's namespaces),
# then submits over SMTP (to dma: on its command line), from
# sender@sender.bk.test, one message per case (Subject "bouncekit test:
# CASE"):
#   userunknown        nosuchuser@mx.bk.test       (the MX says 550 5.1.1)
#   userunknown-local  nosuchuser@mta-postfix.bk.test  (Postfix local(8))
#   hostunknown        user@nosuch.bk.test         (NXDOMAIN; namespace only)
#   mesgtoobig         known@mx.bk.test, 30 kB     (the MX says 552 5.3.4)
#   expired            user@dead.bk.test           (a port nothing listens on,
#                      for OpenSMTPD one that answers RCPT with 450; the
#                      queue lifetime / retry rule gives up in 20-30 s;
#                      dma's fixed 5 days are met by making the queued
#                      message look that old, see dma.sh)
#   delayed            user@dead.bk.test           (the delay warning each
#                      MTA sends after 8 s; dma sends none)
# and waits for the bounces each MTA returns to the sender: Postfix and Exim
# deliver them to Maildirs of their own, the others relay them to an SMTP
# sink of the test (smtp-sink.py), one per MTA.  dma routes by MX only and
# always to port 25: the receiving MX listens on 127.0.0.1:25 as well, the
# test's DNS zone gives sender.bk.test and dead.bk.test MX hosts, and the
# test's hosts file their addresses (dma's sink on 127.0.0.6:25, nothing on
# 127.0.0.7).  They are saved as
# OUTDIR/MTA-CASE.eml, listed in OUTDIR/index.tsv (file, MTA, case,
# recipient).  BK_BOUNCE_MTAS limits the MTAs ("postfix exim opensmtpd
# sendmail courier dma" by default).  Returns non-zero when a bounce did not arrive in
# time (what arrived is still saved); BK_BOUNCES_MISSING lists the missing
# ones.

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
        # Delay warnings, where the MTA sends them within seconds (dma
        # sends none).
        [ "$mta" = dma ] || echo "$mta delayed user@dead.bk.test 0"
    done
}

# A delay warning says "Action: delayed"; OpenSMTPD says so as well in the
# report it sends when a message expires (Status 4.4.7, "Envelope
# expired"), which is that case's final report.
bk__bounce_matches() {   # FILE CASE RCPT
    local f=$1 case=$2 rcpt=$3 delayed=0
    grep -q "^Subject: bouncekit test: $case\s*\$" "$f" || return 1
    grep -qiF "$rcpt" "$f" || return 1
    grep -qi '^Action: *delayed' "$f" && ! grep -qi '^Status: *4\.4\.7' "$f" && delayed=1
    if [ "$case" = delayed ]; then
        [ $delayed = 1 ]
    else
        [ $delayed = 0 ]
    fi
}

# bk__bounce_fetched_mta NAME DIR DEADPORT: set up and start the fetched
# MTA NAME (opensmtpd, sendmail, courier: bk_NAME_* of its lib file) in DIR,
# as mta-NAME.bk.test: its bounces go to an SMTP sink of its own (a Maildir
# in DIR/mail/sender), mx.bk.test to the receiving MX, dead.bk.test to
# 127.0.0.1:DEADPORT.  0 when it runs, 2 when it is not available or needs
# the namespaces and DNS server this test does not have (logged), 1 when
# it failed to start.
bk__bounce_fetched_mta() {
    local name=$1 m=$2 deadport=$3 port
    if ! "bk_${name}_find"; then
        bk_log "SKIP: $name is not available (scripts/fetch-mta.sh $name failed): its cases are skipped"
        return 2
    fi
    if ! "bk_${name}_usable" || [ "$BK_BOUNCE_DNS" != 1 ]; then
        bk_log "SKIP: $name runs only in the test's own namespaces with its DNS server: its cases are skipped"
        return 2
    fi
    "bk_${name}_new" "$m" "mta-$name.bk.test" "$(bk_free_port)"
    port=$(bk_free_port)
    bk_smtp_sink_start "$m/mail/sender" "$port" || return 1
    "bk_${name}_route" "$m" sender.bk.test 127.0.0.1 "$port"
    "bk_${name}_route" "$m" mx.bk.test 127.0.0.1 "$BK_TARGET_PORT"
    "bk_${name}_route" "$m" dead.bk.test 127.0.0.1 "$deadport"
    [ "$name" = opensmtpd ] && bk_opensmtpd_dns_domain "$m" nosuch.bk.test
    "bk_${name}_start" "$m" || return 1
}

# bk__bounce_dma T DIR: set up dma in DIR (T: the test's directory, with
# the receiving MX in T/target) as mta-dma.bk.test.  Same returns as
# bk__bounce_fetched_mta.
bk__bounce_dma() {
    local t=$1 m=$2
    if ! bk_dma_find; then
        bk_log "SKIP: dma is not available (scripts/fetch-mta.sh dma failed): its cases are skipped"
        return 2
    fi
    if ! bk_dma_usable || [ "$BK_BOUNCE_DNS" != 1 ]; then
        bk_log "SKIP: dma runs only in the test's own namespaces with its DNS server: its cases are skipped"
        return 2
    fi
    # dma sends to port 25 of the MX hosts the DNS names: the receiving MX
    # listens there too (reloaded with a second smtpd), dma's sink on the
    # address of bounces.sender.bk.test; dma looks the hosts up with
    # getaddrinfo, in the test's hosts file.
    bk_postfix_service "$t/target" "127.0.0.1:25 inet n - n - - smtpd"
    postfix -c "$t/target/etc" reload >/dev/null 2>&1 || { bk_log "the receiving MX did not reload"; return 1; }
    bk_wait_port 25 10 || { bk_log "the receiving MX does not listen on port 25"; return 1; }
    printf '127.0.0.1\tmail.mx.bk.test\n127.0.0.6\tbounces.sender.bk.test\n127.0.0.7\tmx.dead.bk.test\n' >>/etc/hosts
    bk_dma_new "$m" mta-dma.bk.test
    bk_smtp_sink_start "$m/mail/sender" 25 127.0.0.6 || return 1
    bk_dma_start "$m"
}

bk_make_bounces() {
    local out=$1 t pf ex dead busy mta case rcpt size f port m
    mkdir -p "$out"
    # Bounces of an earlier run must not pass for this run's.
    rm -f "$out"/*.eml "$out/index.tsv"
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
    # A host that answers every RCPT TO with 450: OpenSMTPD keeps retrying a
    # refused connection without ever deferring the message, so its expiry
    # and delay warning are made with a reply that defers it.
    busy=$(bk_free_port)
    python3 "$BK_SRC/tests/integration/lib/smtp-tempfail-peer.py" 127.0.0.1 "$busy" rcpt450 >"$t/busy.log" 2>&1 &
    bk_on_exit "kill $!"

    BK_BOUNCE_MTAS_RUN=""
    for mta in ${BK_BOUNCE_MTAS:-postfix exim opensmtpd sendmail courier dma}; do
        case $mta in
        postfix)
            pf=$t/postfix
            bk_postfix_new "$pf" mta-postfix.bk.test "$(bk_free_port)"
            bk_postfix_conf "$pf" \
                "transport_maps = inline:{ mx.bk.test=smtp:[127.0.0.1]:$BK_TARGET_PORT, dead.bk.test=smtp:[127.0.0.1]:$dead, nosuch.bk.test=dnssmtp: }" \
                "maximal_queue_lifetime = 30s" "bounce_queue_lifetime = 30s" \
                "delay_warning_time = 8s"
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
            BK_EXIM_DELAY_WARNING=8s bk_exim_new "$ex" mta-exim.bk.test "$(bk_free_port)"
            bk_exim_route "$ex" mx.bk.test 127.0.0.1 "$BK_TARGET_PORT"
            bk_exim_route "$ex" dead.bk.test 127.0.0.1 "$dead"
            [ "$BK_BOUNCE_DNS" = 1 ] && bk_exim_dns_domain "$ex" nosuch.bk.test
            bk_exim_start "$ex" || return 1
            BK_BOUNCE_MTAS_RUN="$BK_BOUNCE_MTAS_RUN exim"
            ;;
        opensmtpd | sendmail | courier)
            # OpenSMTPD keeps retrying a refused connection: its dead.bk.test
            # is the host that defers every RCPT.
            if [ "$mta" = opensmtpd ]; then
                bk__bounce_fetched_mta "$mta" "$t/$mta" "$busy"
            else
                bk__bounce_fetched_mta "$mta" "$t/$mta" "$dead"
            fi
            case $? in
            0) BK_BOUNCE_MTAS_RUN="$BK_BOUNCE_MTAS_RUN $mta" ;;
            2) continue ;;
            *) return 1 ;;
            esac
            ;;
        dma)
            bk__bounce_dma "$t" "$t/dma"
            case $? in
            0) BK_BOUNCE_MTAS_RUN="$BK_BOUNCE_MTAS_RUN dma" ;;
            2) continue ;;
            *) return 1 ;;
            esac
            ;;
        *) bk_log "unknown MTA '$mta'"; return 1 ;;
        esac
    done

    : >"$out/index.tsv.tmp"
    while read -r mta case rcpt size; do
        if [ "$mta" = dma ]; then
            bk_dma_send "$t/dma" sender@sender.bk.test "$rcpt" "$size" "bouncekit test: $case" ||
                { bk_log "dma did not accept the message to $rcpt"; return 1; }
            # Five days in the queue (dma's fixed limit), as far as dma
            # can tell: its next attempt after a queue run gives up.
            if [ "$case" = expired ]; then
                bk_dma_age "$t/dma" "$rcpt" $((5 * 24 * 3600 + 60)) || return 1
            fi
            continue
        fi
        port=$(cat "$t/$mta/port")
        bk_smtp_send "$port" sender@sender.bk.test "$rcpt" "$size" "bouncekit test: $case" >/dev/null ||
            { bk_log "$mta did not accept the message to $rcpt"; return 1; }
    done < <(bk__bounce_cases)

    # Collect: a bounce belongs to the case whose message it returns (the
    # original Subject names the case: every MTA here returns at least the
    # headers) and whose recipient it names; a delay warning (Action:
    # delayed) to the "delayed" case only.
    local deadline=$((SECONDS + BK_BOUNCE_WAIT)) missing
    while :; do
        missing=""
        while read -r mta case rcpt size; do
            f=$out/$mta-$case.eml
            if [ ! -s "$f" ]; then
                for m in "$t/$mta/mail/sender/new"/*; do
                    [ -f "$m" ] || continue
                    if bk__bounce_matches "$m" "$case" "$rcpt"; then
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
        # dma has no queue runner of its own (Debian's cron job runs
        # "dma -q" every few minutes): the test runs one now and then.
        case " $BK_BOUNCE_MTAS_RUN " in *" dma "*) bk_dma_queue_run "$t/dma" ;; esac
        sleep 2
    done
    sort "$out/index.tsv.tmp" >"$out/index.tsv"
    rm -f "$out/index.tsv.tmp"
    BK_BOUNCES_MISSING=$missing
    if [ -n "$missing" ]; then
        bk_log "bounces missing after ${BK_BOUNCE_WAIT}s:$missing"
        for mta in $BK_BOUNCE_MTAS_RUN; do
            bk_log "---- $mta log"
            case $mta in
            postfix) bk_postfix_log "$t/postfix" | tail -40 >&2 ;;
            exim) bk_exim_log "$t/exim" | grep -v 'lost privilege' | tail -40 >&2 ;;
            *) "bk_${mta}_log" "$t/$mta" | tail -40 >&2 ;;
            esac
        done
        return 1
    fi
    return 0
}
