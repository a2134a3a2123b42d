# shellcheck shell=bash
# opensmtpd.sh - run a private OpenSMTPD instance for the integration tests
# (sourced after common.sh).
#
# The smtpd binary comes from Debian's opensmtpd package, unpacked by
# scripts/fetch-mta.sh (it is never installed next to Postfix).  Its queue
# (/var/spool/smtpd), control socket (/var/run/smtpd.sock) and host name are
# compiled in or taken from the system, so an instance only runs inside the
# test's private mount and network namespaces (bk_isolate): there the test
# mounts a directory of its own over the queue and a tmpfs over /run, and
# the daemon runs in a UTS namespace of its own named HOSTNAME.  It reads
# only its own configuration file (-f), listens on 127.0.0.1:PORT, and
# relays only the test domains, each to a loopback port: nothing can leave
# the machine (and the test's network namespace has no route off it).
#
#   bk_opensmtpd_find                     set BK_OPENSMTPD (fetching when
#                                         needed; call it before bk_isolate)
#   bk_opensmtpd_new DIR HOSTNAME PORT    start a configuration in DIR
#   bk_opensmtpd_route DIR DOMAIN HOST PORT  relay DOMAIN to HOST:PORT
#   bk_opensmtpd_dns_domain DIR DOMAIN    relay DOMAIN by its MX records (the
#                                         test's own DNS server)
#   bk_opensmtpd_start DIR                write DIR/smtpd.conf, run the daemon
#   bk_opensmtpd_stop DIR                 stop it (also done on exit)
#   bk_opensmtpd_log DIR                  print its log
#
# Temporary failures expire after BK_OPENSMTPD_TTL (default 25s); a delay
# warning is sent after BK_OPENSMTPD_WARN (default 8s).  Mail for
# sender.bk.test goes to the SMTP sink the test routes it to.

bk_opensmtpd_find() { bk_mta_fetch BK_OPENSMTPD opensmtpd; }

# Only in private mount and network namespaces: see above.
bk_opensmtpd_usable() {
    [ "${BK_ISOLATED:-0}" = 1 ] && [ -d /var/spool/smtpd ] &&
        getent passwd opensmtpd >/dev/null && getent passwd opensmtpq >/dev/null &&
        command -v unshare >/dev/null
}

bk_opensmtpd_new() {
    local dir=$1 host=$2 port=$3
    mkdir -p "$dir/spool" "$dir/log"
    chmod 711 "$dir/spool"
    echo "$port" >"$dir/port"
    echo "$host" >"$dir/hostname"
    : >"$dir/routes"
    : >"$dir/dnsdomains"
}

bk_opensmtpd_route() {
    printf '%s %s %s\n' "$2" "$3" "$4" >>"$1/routes"
}

bk_opensmtpd_dns_domain() {
    printf '%s\n' "$2" >>"$1/dnsdomains"
}

bk_opensmtpd__conf() {
    local dir=$1 host port n=0 domain h p
    host=$(cat "$dir/hostname") port=$(cat "$dir/port")
    cat <<CONF
# Private test instance of bouncekit's integration tests.
queue ttl ${BK_OPENSMTPD_TTL:-25s}
bounce warn-interval ${BK_OPENSMTPD_WARN:-8s}
smtp max-message-size 10M
listen on 127.0.0.1 port $port hostname $host
CONF
    while read -r domain h p; do
        n=$((n + 1))
        printf 'action "route%d" relay host smtp://%s:%s\n' "$n" "$h" "$p"
        printf 'match from any for domain "%s" action "route%d"\n' "$domain" "$n"
    done <"$dir/routes"
    while read -r domain; do
        printf 'action "dns_%s" relay\n' "${domain//./_}"
        printf 'match from any for domain "%s" action "dns_%s"\n' "$domain" "${domain//./_}"
    done <"$dir/dnsdomains"
    # Everything else is refused at RCPT (the default for unmatched mail).
}

bk_opensmtpd_start() {
    local dir=$1 port host
    bk_opensmtpd_usable || { bk_log "opensmtpd needs the test's private namespaces"; return 1; }
    port=$(cat "$dir/port") host=$(cat "$dir/hostname")
    bk_opensmtpd__conf "$dir" >"$dir/smtpd.conf"
    "$BK_OPENSMTPD" -n -f "$dir/smtpd.conf" >"$dir/log/check.out" 2>&1 ||
        { cat "$dir/log/check.out" >&2; return 1; }
    # The daemon looks its own name up (bounces come from MAILER-DAEMON@it).
    grep -qE "[[:space:]]$host\$" /etc/hosts || printf '127.0.0.1\t%s\n' "$host" >>/etc/hosts
    mountpoint -q /var/spool/smtpd || mount --bind "$dir/spool" /var/spool/smtpd || return 1
    bk_private_run || return 1
    unshare -u sh -c 'hostname "$1"; shift; exec "$@"' sh "$host" \
        "$BK_OPENSMTPD" -d -f "$dir/smtpd.conf" >"$dir/log/smtpd.log" 2>&1 &
    bk_mta_daemon opensmtpd "$dir" "$port" $!
}

bk_opensmtpd_stop() { bk_mta_daemon_stop "$1"; }

bk_opensmtpd_log() {
    cat "$1/log/smtpd.log" 2>/dev/null
}
