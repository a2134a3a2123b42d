# shellcheck shell=bash
# common.sh - shared helpers of the integration tests (sourced, not run).
#
# The tests start real servers (Postfix, Exim, a DNS server) that must never
# reach beyond this machine and must never disturb a system instance.  When
# it can, a test re-runs itself in private network, mount and PID namespaces
# (bk_isolate): it then has a loopback interface of its own (no route off the
# machine at all, no port clashes with other runs), its own /etc/hosts,
# /etc/nsswitch.conf and /etc/resolv.conf, so host name lookups stay inside
# the test, and no server outlives it.  Without namespaces the servers still listen on 127.0.0.1 only,
# on free high ports, and the cases that need name resolution are skipped.

BK_SKIP=77

bk_log()  { printf '%s: %s\n' "${BK_TEST_NAME:-integration}" "$*" >&2; }
bk_fail() { bk_log "FAIL: $*"; exit 1; }
bk_skip() { bk_log "SKIP: $*"; exit "$BK_SKIP"; }

# bk_isolate "$0" "$@": re-execute the calling script inside fresh network
# and mount namespaces.  Returns (without re-executing) when already inside,
# when not root, or when namespaces are unavailable; BK_ISOLATED tells which.
bk_isolate() {
    local script=$1; shift
    if [ "${BK_ISOLATED:-}" = 1 ]; then
        bk_isolate_setup
        return 0
    fi
    BK_ISOLATED=0
    [ "$(id -u)" = 0 ] || return 0
    [ "${BK_NO_NAMESPACES:-}" = 1 ] && return 0
    command -v unshare >/dev/null 2>&1 || return 0
    # A PID namespace too: when the test ends, however it ends (even killed
    # by a ctest timeout: --kill-child), every server it started ends with
    # it.
    if unshare -mnpf --kill-child --propagation private --mount-proc true 2>/dev/null; then
        BK_ISOLATED=1 exec unshare -mnpf --kill-child --propagation private --mount-proc \
            env BK_ISOLATED=1 bash "$script" "$@"
    fi
    if unshare -mn --propagation private true 2>/dev/null; then
        BK_ISOLATED=1 exec unshare -mn --propagation private \
            env BK_ISOLATED=1 bash "$script" "$@"
    fi
    return 0
}

# Inside the namespaces: bring loopback up and give the test its own name
# service files: hosts from files only, a hosts file naming the test hosts,
# and a resolver that points at this namespace's own loopback.
bk_isolate_setup() {
    ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null || true
    local d
    d=$(mktemp -d /tmp/bk-ns-etc.XXXXXX)
    printf '127.0.0.1\tlocalhost\n127.0.0.1\tmx.bk.test\n127.0.0.1\tsender.bk.test\n' >"$d/hosts"
    printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\nservices: files\n' >"$d/nsswitch.conf"
    printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$d/resolv.conf"
    mount --bind "$d/hosts" /etc/hosts
    mount --bind "$d/nsswitch.conf" /etc/nsswitch.conf
    mount --bind "$d/resolv.conf" /etc/resolv.conf
    BK_NS_ETC=$d
}

# bk_tmpdir: one scratch directory per test run, removed by bk_cleanup.
bk_tmpdir() {
    if [ -z "${BK_TMP:-}" ]; then
        BK_TMP=$(mktemp -d /tmp/bk-integ.XXXXXX)
        chmod 755 "$BK_TMP"
    fi
}

# Cleanup handlers run in reverse order of registration on exit.
BK_CLEANUPS=()
bk_on_exit() { BK_CLEANUPS+=("$*"); }
bk_cleanup() {
    local rc=$? i
    trap - EXIT INT TERM
    for ((i = ${#BK_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${BK_CLEANUPS[$i]}" >/dev/null 2>&1 || true
    done
    if [ -n "${BK_TMP:-}" ] && [ "${BK_KEEP_TMP:-}" != 1 ]; then
        rm -rf "$BK_TMP"
    fi
    if [ -n "${BK_NS_ETC:-}" ]; then
        rm -rf "$BK_NS_ETC"
    fi
    exit "$rc"
}
trap bk_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# bk_free_port: print a TCP port on 127.0.0.1 that nothing listens on.
bk_free_port() {
    python3 - <<'PY'
import socket, random
for _ in range(200):
    p = random.randint(20000, 60000)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        u.close()
    print(p)
    break
PY
}

# bk_wait_port PORT [SECONDS] [ADDRESS]: wait until something accepts on
# ADDRESS:PORT (127.0.0.1 by default).
bk_wait_port() {
    local port=$1 limit=${2:-20} addr=${3:-127.0.0.1} i
    for ((i = 0; i < limit * 10; i++)); do
        if (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# bk_wait_files DIR COUNT SECONDS: wait until DIR holds at least COUNT
# regular files (Maildir "new" directories, bounce collections).
bk_wait_files() {
    local dir=$1 count=$2 limit=$3 i n
    for ((i = 0; i < limit; i++)); do
        n=$(find "$dir" -type f 2>/dev/null | wc -l)
        [ "$n" -ge "$count" ] && return 0
        sleep 1
    done
    return 1
}

# bk_smtp_send PORT FROM TO [SIZE] [SUBJECT]: submit one message over SMTP
# to 127.0.0.1:PORT.  SIZE adds that many bytes of body text.  Prints the
# server's final reply; the exit status is 0 when the message was accepted.
bk_smtp_send() {
    python3 - "$@" <<'PY'
import smtplib, sys, time, email.utils
port, sender, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else 0
subject = sys.argv[5] if len(sys.argv) > 5 else "bouncekit integration test"
body = "This is a test message of the bouncekit integration tests.\r\n"
line = "x" * 76 + "\r\n"
while size > 0:
    body += line
    size -= len(line)
msg = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n\r\n%s"
       % (sender, rcpt, subject, email.utils.formatdate(localtime=False),
          email.utils.make_msgid(domain="sender.bk.test"), body))
try:
    s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.bk.test", timeout=30)
    s.sendmail(sender, [rcpt], msg)
    s.quit()
    print("250 accepted")
except smtplib.SMTPRecipientsRefused as e:
    for r, (code, text) in e.recipients.items():
        print(code, text.decode(errors="replace"))
    sys.exit(1)
except smtplib.SMTPResponseException as e:
    print(e.smtp_code, e.smtp_error.decode(errors="replace"))
    sys.exit(1)
PY
}

# bk_smtp_sink_start DIR PORT [ADDRESS]: run smtp-sink.py on ADDRESS:PORT
# (127.0.0.1 by default), storing each message it receives under DIR/new
# (stopped on exit).
bk_smtp_sink_start() {
    local dir=$1 port=$2 addr=${3:-127.0.0.1} pid
    mkdir -p "$dir"
    python3 "$BK_SRC/tests/integration/lib/smtp-sink.py" "$port" "$dir" "$addr" >"$dir.sink.log" 2>&1 &
    pid=$!
    bk_on_exit "kill $pid"
    bk_wait_port "$port" 10 "$addr" || { bk_log "smtp-sink did not start on $addr:$port"; cat "$dir.sink.log" >&2; return 1; }
}

# bk_private_run: mount a tmpfs of the test's own over /run (once), for
# daemons whose socket and pid paths there are compiled in.  Only inside
# the test's mount namespace.
bk_private_run() {
    [ "${BK_PRIVATE_RUN:-0}" = 1 ] && return 0
    [ "${BK_ISOLATED:-0}" = 1 ] || return 1
    mount -t tmpfs -o mode=755 tmpfs /run || return 1
    BK_PRIVATE_RUN=1
}

# ---- private MTA instances (postfix.sh, exim.sh, opensmtpd.sh, sendmail.sh,
# courier.sh): each names its functions bk_NAME_start, bk_NAME_stop and
# bk_NAME_log, and keeps an instance in a directory of its own.

# bk_mta_fetch VAR NAME: make sure $VAR is the MTA NAME's binary: kept when
# it is already executable, else unpacked by scripts/fetch-mta.sh NAME
# (outside the namespaces only: the fetch needs the package mirror).
# Returns 1, with VAR empty, when it is not available.
bk_mta_fetch() {
    local var=$1 name=$2 path
    path=${!var:-}
    if [ -n "$path" ] && [ -x "$path" ]; then
        return 0
    fi
    [ "${BK_ISOLATED:-0}" = 1 ] && return 1
    path=$("${BK_SRC}/scripts/fetch-mta.sh" "$name" 2>"${BK_TMP:-/tmp}/fetch-$name.err") || {
        cat "${BK_TMP:-/tmp}/fetch-$name.err" >&2
        printf -v "$var" '%s' ""
        return 1
    }
    printf -v "$var" '%s' "$path"
}

# bk_mta_wait NAME DIR PORT: wait (20 s at most) until the NAME instance of
# DIR accepts on 127.0.0.1:PORT; else print its log (bk_NAME_log DIR) and
# return 1.
bk_mta_wait() {
    local name=$1 dir=$2 port=$3
    if ! bk_wait_port "$port" 20; then
        bk_log "$name instance $dir did not open port $port"
        "bk_${name}_log" "$dir" >&2
        return 1
    fi
}

# bk_mta_daemon NAME DIR PORT PID: the daemon PID just started in the
# background for the NAME instance of DIR: its pid goes to DIR/daemon.pid,
# bk_NAME_stop DIR stops it on exit, and it is waited for (bk_mta_wait).
bk_mta_daemon() {
    local name=$1 dir=$2 port=$3 pid=$4
    echo "$pid" >"$dir/daemon.pid"
    bk_on_exit "bk_${name}_stop '$dir'"
    bk_mta_wait "$name" "$dir" "$port"
}

# bk_mta_daemon_stop DIR: stop the daemon of DIR/daemon.pid: TERM, then
# KILL when it is still there after 3 s (by pid, never by name).
bk_mta_daemon_stop() {
    local dir=$1 pid
    pid=$(cat "$dir/daemon.pid" 2>/dev/null) || return 0
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.3
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/daemon.pid"
}
