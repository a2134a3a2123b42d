# shellcheck shell=bash
# sendmail.sh - run a private Sendmail instance for the integration tests
# (sourced after common.sh).
#
# The binaries and m4 files come from Debian's sendmail packages, unpacked
# by scripts/fetch-mta.sh (Sendmail is never installed next to Postfix).
# An instance has its own sendmail.cf, made with m4 from the unpacked
# cf/m4 files, and keeps queue, aliases, maps and pid file in its directory;
# it listens on 127.0.0.1:PORT and sends each test domain to a loopback port
# through a mailer of its own (mailertable).  Any other domain is looked up
# by MX in DNS, so an instance is only started inside the test's network
# namespace, whose resolver is the test's own DNS server: nothing can leave
# the machine.  The daemon runs in a UTS namespace of its own named
# HOSTNAME, which it finds in the test's /etc/hosts.
#
#   bk_sendmail_find                    set BK_SENDMAIL (fetching when
#                                       needed; call it before bk_isolate)
#   bk_sendmail_usable                  true inside the test's namespaces
#   bk_sendmail_new DIR HOSTNAME PORT   start a configuration in DIR
#   bk_sendmail_route DIR DOMAIN HOST PORT  send DOMAIN to HOST:PORT
#   bk_sendmail_start DIR               make sendmail.cf, run the daemon with
#                                       a 3 s queue runner
#   bk_sendmail_stop DIR                stop it (also done on exit)
#   bk_sendmail_log DIR                 print its queue and daemon output
#
# Sendmail logs through syslog only; without a syslog daemon in the test,
# the queue listing (-bp, with each message's last error) tells what
# happened.  Undeliverable mail is returned after BK_SENDMAIL_RETURN
# (default 25s), a delay warning is sent after BK_SENDMAIL_WARN (default
# 8s).

bk_sendmail_find() { bk_mta_fetch BK_SENDMAIL sendmail; }

bk_sendmail_usable() {
    [ "${BK_ISOLATED:-0}" = 1 ] && command -v unshare >/dev/null
}

# Root of the unpacked packages, and the environment their binaries need.
bk_sendmail__root() { echo "${BK_SENDMAIL%/usr/libexec/sendmail/sendmail}"; }
bk_sendmail__run() {
    local root
    root=$(bk_sendmail__root)
    LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"
}

bk_sendmail_new() {
    local dir=$1 host=$2 port=$3
    # Sendmail refuses a queue or configuration that others may write to.
    mkdir -p "$dir/queue" "$dir/log"
    chmod 700 "$dir/queue"
    echo "$port" >"$dir/port"
    echo "$host" >"$dir/hostname"
    : >"$dir/routes"
}

bk_sendmail_route() {
    printf '%s %s %s\n' "$2" "$3" "$4" >>"$1/routes"
}

bk_sendmail__mc() {
    local dir=$1 host port domain h p
    host=$(cat "$dir/hostname") port=$(cat "$dir/port")
    cat <<MC
divert(-1)
# Private test instance of bouncekit's integration tests.
divert(0)dnl
VERSIONID(\`bouncekit integration test')dnl
OSTYPE(\`linux')dnl
define(\`confDOMAIN_NAME', \`$host')dnl
define(\`QUEUE_DIR', \`$dir/queue')dnl
define(\`ALIAS_FILE', \`$dir/aliases')dnl
define(\`STATUS_FILE', \`$dir/statistics')dnl
define(\`confPID_FILE', \`$dir/sendmail.pid')dnl
define(\`confSERVICE_SWITCH_FILE', \`$dir/service.switch')dnl
define(\`confHOSTS_FILE', \`/etc/hosts')dnl
define(\`confDEF_USER_ID', \`65534:65534')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confTO_QUEUERETURN', \`${BK_SENDMAIL_RETURN:-25s}')dnl
define(\`confTO_QUEUEWARN', \`${BK_SENDMAIL_WARN:-8s}')dnl
define(\`confTO_CONNECT', \`5s')dnl
define(\`confTO_ICONNECT', \`5s')dnl
define(\`confTO_RESOLVER_RETRANS', \`1s')dnl
define(\`confTO_RESOLVER_RETRY', \`1')dnl
define(\`confMIN_QUEUE_AGE', \`0')dnl
define(\`confQUEUE_LA', \`100')dnl
define(\`confREFUSE_LA', \`200')dnl
define(\`confMAX_MESSAGE_SIZE', \`10000000')dnl
define(\`confPRIVACY_FLAGS', \`authwarnings')dnl
define(\`confCHECK_ALIASES', \`False')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit,MapInUnsafeDirPath')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`promiscuous_relay')dnl
FEATURE(\`mailertable', \`hash -o $dir/mailertable')dnl
DAEMON_OPTIONS(\`Port=$port, Addr=127.0.0.1, Name=MTA')dnl
MAILER(\`smtp')dnl
MAILER_DEFINITIONS
MC
    # One SMTP mailer per destination port (a mailer names its port in A=).
    while read -r domain h p; do
        printf 'Mbkport%s,\tP=[IPC], F=mDFMuXa, S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\\r\\n, L=990,\n\t\tT=DNS/RFC822/SMTP,\n\t\tA=TCP $h %s\n' "$p" "$p"
    done < <(sort -u -k3,3 "$dir/routes")
}

bk_sendmail_start() {
    local dir=$1 root port host domain h p
    bk_sendmail_usable || { bk_log "sendmail needs the test's private namespaces"; return 1; }
    root=$(bk_sendmail__root)
    port=$(cat "$dir/port") host=$(cat "$dir/hostname")
    bk_sendmail__mc "$dir" >"$dir/sendmail.mc"
    bk_sendmail__run "$root/usr/bin/m4" -D_CF_DIR_="$root/usr/share/sendmail/cf/" \
        "$root/usr/share/sendmail/cf/m4/cf.m4" "$dir/sendmail.mc" >"$dir/sendmail.cf" 2>"$dir/log/m4.err" ||
        { cat "$dir/log/m4.err" >&2; return 1; }
    printf 'hosts\tfiles dns\naliases\tfiles\n' >"$dir/service.switch"
    printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' >"$dir/aliases"
    while read -r domain h p; do
        printf '%s\tbkport%s:[%s]\n' "$domain" "$p" "$h"
    done <"$dir/routes" >"$dir/mailertable.txt"
    bk_sendmail__run "$root/usr/libexec/sendmail/makemap" -C "$dir/sendmail.cf" hash "$dir/mailertable" \
        <"$dir/mailertable.txt" >"$dir/log/makemap.out" 2>&1 ||
        { cat "$dir/log/makemap.out" >&2; return 1; }
    grep -qE "[[:space:]]$host\$" /etc/hosts || printf '127.0.0.1\t%s\n' "$host" >>/etc/hosts
    unshare -u sh -c 'hostname "$1"; shift; exec "$@"' sh "$host" \
        env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" \
        "$BK_SENDMAIL" -C "$dir/sendmail.cf" -bi >"$dir/log/newaliases.out" 2>&1 ||
        { cat "$dir/log/newaliases.out" >&2; return 1; }
    unshare -u sh -c 'hostname "$1"; shift; exec "$@"' sh "$host" \
        env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" \
        "$BK_SENDMAIL" -C "$dir/sendmail.cf" -bD -q3s >"$dir/log/daemon.out" 2>&1 &
    bk_mta_daemon sendmail "$dir" "$port" $!
}

bk_sendmail_stop() { bk_mta_daemon_stop "$1"; }

bk_sendmail_log() {
    cat "$1/log/daemon.out" 2>/dev/null
    [ -n "${BK_SENDMAIL:-}" ] &&
        bk_sendmail__run "$BK_SENDMAIL" -C "$1/sendmail.cf" -bp 2>&1
}
