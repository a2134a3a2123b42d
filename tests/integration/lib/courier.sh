# shellcheck shell=bash
# courier.sh - run a private Courier MTA instance for the integration tests
# (sourced after common.sh).
#
# The binaries come from Debian's courier packages, unpacked by
# scripts/fetch-mta.sh (Courier is never installed next to Postfix).
# Courier's paths are compiled in (/etc/courier, /var/lib/courier,
# /usr/lib/courier, /run/courier) and its daemons start their helpers with
# a clean environment, so an instance only runs inside the test's private
# mount and network namespaces (bk_isolate): there the test mounts the
# unpacked programs over /usr/lib/courier, a configuration directory of
# its own over /etc/courier and a queue of its own over /var/lib/courier
# (the fetch script creates these empty mount points), makes the unpacked
# libraries visible to the loader with an overlay of the system library
# directory, and keeps /run private.  courierd runs the queue, couriertcpd
# with courieresmtpd takes mail on 127.0.0.1:PORT from any loopback client
# (RELAYCLIENT); domains listed with bk_courier_route go to a loopback port
# (esmtproutes), any other is looked up by MX in the test's own DNS server.
#
#   bk_courier_find                     set BK_COURIER (fetching when
#                                       needed; call it before bk_isolate)
#   bk_courier_usable                   true inside the test's namespaces
#   bk_courier_new DIR HOSTNAME PORT    start a configuration in DIR
#   bk_courier_route DIR DOMAIN HOST PORT  send DOMAIN to HOST:PORT
#   bk_courier_start DIR                write the configuration, run it
#   bk_courier_stop DIR                 stop it (also done on exit)
#   bk_courier_log DIR                  print the queue's control files
#
# Courier logs through syslog only; the control files of the queued
# messages hold each delivery attempt's result.  Undeliverable mail is
# returned after BK_COURIER_QUEUETIME (default 25s), a delay warning is
# sent after BK_COURIER_WARNTIME (default 8s); retries every 3 s.

bk_courier_find() { bk_mta_fetch BK_COURIER courier; }

bk_courier_usable() {
    [ "${BK_ISOLATED:-0}" = 1 ] && [ -d /etc/courier ] && [ -d /var/lib/courier ] &&
        [ -d /usr/lib/courier ] && getent passwd courier >/dev/null
}

bk_courier__root() { echo "${BK_COURIER%/usr/sbin/courier}"; }

bk_courier_new() {
    local dir=$1 host=$2 port=$3 root s
    root=$(bk_courier__root)
    mkdir -p "$dir/var" "$dir/log"
    rm -rf "$dir/etc"
    cp -a "$root/etc/courier" "$dir/etc"
    for s in allfilters filters msgq msgs track tmp tmp/broken sts; do
        mkdir -p "$dir/var/$s"
    done
    chown -R courier:courier "$dir/var"
    chmod 750 "$dir/var"/*
    chmod 770 "$dir/var/tmp"
    echo "$port" >"$dir/port"
    echo "$host" >"$dir/hostname"
    : >"$dir/etc/esmtproutes"
}

bk_courier_route() {
    printf '%s: [%s],%s\n' "$2" "$3" "$4" >>"$1/etc/esmtproutes"
}

bk_courier_start() {
    local dir=$1 root port host e lib
    bk_courier_usable || { bk_log "courier needs the test's private namespaces"; return 1; }
    root=$(bk_courier__root)
    port=$(cat "$dir/port") host=$(cat "$dir/hostname")
    e=$dir/etc
    echo "$host" >"$e/me"
    echo "$host" >"$e/defaultdomain"
    echo "$host" >"$e/locals"
    echo "MAILER-DAEMON@$host" >"$e/dsnfrom"
    echo "${BK_COURIER_QUEUETIME:-25s}" >"$e/queuetime"
    echo "${BK_COURIER_WARNTIME:-8s}" >"$e/warntime"
    echo 3s >"$e/retryalpha"
    echo 3 >"$e/retrybeta"
    echo 3s >"$e/retrygamma"
    echo 1 >"$e/retrymaxdelta"
    echo 10000000 >"$e/sizelimit"
    # No STARTTLS (couriertls is not unpacked), and bounces go back to the
    # sender of mail that came in over SMTP (no backscatter blocking).
    printf 'ESMTP_USE_STARTTLS=0\nESMTP_BLOCKBACKSCATTER=\n' >>"$e/courierd"
    # Loopback clients may relay; the test's sender domain has no DNS.
    printf 'BOFHCHECKDNS=0\nTARPIT=0\nRELAYCLIENT=\n' >>"$e/esmtpd"

    bk_private_run || return 1
    mkdir -p /run/courier
    chown courier:courier /run/courier
    # The loader finds Courier's libraries (helpers run with a clean
    # environment, so LD_LIBRARY_PATH would not reach them).
    mkdir -p "$dir/libs"
    cp -a "$root"/usr/lib/*.so* "$root"/usr/lib/x86_64-linux-gnu/*.so* "$dir/libs/"
    lib=/usr/lib/x86_64-linux-gnu
    mount -t overlay overlay -o "lowerdir=$lib:$dir/libs" "$lib" || return 1
    mount --bind "$root/usr/lib/courier" /usr/lib/courier || return 1
    mount --bind "$e" /etc/courier || return 1
    mount --bind "$dir/var" /var/lib/courier || return 1
    grep -qE "[[:space:]]$host\$" /etc/hosts || printf '127.0.0.1\t%s\n' "$host" >>/etc/hosts

    env -i /bin/sh -c 'set -a; . /etc/courier/courierd; exec /usr/lib/courier/courier/courierd' \
        >"$dir/log/courierd.out" 2>&1 &
    echo $! >"$dir/courierd.pid"
    bk_on_exit "bk_courier_stop '$dir'"
    env -i /bin/sh -c "set -a; . /etc/courier/esmtpd; exec '$root/usr/sbin/couriertcpd' \
        -address=127.0.0.1 -noidentlookup -user=courier -group=courier -maxprocs=40 \
        -maxperip=40 -maxperc=40 -pid=/run/courier/esmtpd.pid $port '$root/usr/sbin/courieresmtpd'" \
        >"$dir/log/esmtpd.out" 2>&1 &
    bk_mta_wait courier "$dir" "$port"
}

bk_courier_stop() {
    local dir=$1 pid
    "$(bk_courier__root)/usr/sbin/couriertcpd" -pid=/run/courier/esmtpd.pid -stop >/dev/null 2>&1
    pid=$(cat "$dir/courierd.pid" 2>/dev/null) || return 0
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -f "$dir/courierd.pid"
    return 0
}

bk_courier_log() {
    cat "$1/log/courierd.out" "$1/log/esmtpd.out" 2>/dev/null
    find "$1/var/msgs" -name 'C*' -type f -exec sh -c 'echo "== $1"; cat "$1"; echo' sh {} \; 2>/dev/null
}
