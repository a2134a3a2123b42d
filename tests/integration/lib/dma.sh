# shellcheck shell=bash
# dma.sh - run the DragonFly Mail Agent (dma) privately for the integration
# tests (sourced after common.sh).
#
# The binary comes from Debian's dma package, unpacked by
# scripts/fetch-mta.sh (dma is never installed next to Postfix).  dma has no
# daemon and no SMTP listener: mail is submitted through its
# sendmail-compatible command line and delivered by that process at once.
# Its configuration file (/etc/dma/dma.conf) is compiled in, so an instance
# only runs inside the test's private mount and network namespaces
# (bk_isolate): there the test mounts a directory of its own over /etc/dma
# (the fetch script creates the empty mount point).  Queue and aliases are
# in the instance's directory.  dma sends remote mail by MX lookup, always
# to port 25 (its PORT setting applies to a smarthost only), so it needs
# the test's own DNS server and listeners on port 25 of the loopback
# addresses the test's hosts file gives the MX hosts (getaddrinfo, files
# only): the test's network namespace has no route off the machine.
#
#   bk_dma_find                        set BK_DMA (fetching when needed;
#                                      call it before bk_isolate)
#   bk_dma_usable                      true inside the test's namespaces
#   bk_dma_new DIR HOSTNAME            start a configuration in DIR
#   bk_dma_start DIR                   write dma.conf, mount it over /etc/dma
#   bk_dma_send DIR FROM RCPT [SIZE] [SUBJECT]
#                                      submit one message (SIZE bytes of
#                                      body text added), delivered by a dma
#                                      process of its own in the background
#   bk_dma_age DIR RCPT SECONDS        make the queued messages to RCPT look
#                                      SECONDS old (see below); 1 when none
#                                      is queued
#   bk_dma_queue_run DIR               run the queue (dma -q)
#   bk_dma_stop DIR                    end the delivering processes (also
#                                      done on exit)
#   bk_dma_log DIR                     print their output and the queue
#
# dma gives up on a message that it could not deliver when its queue file
# is older than 5 days (MAX_TIMEOUT, compiled in: no setting shortens it).
# Between attempts a delivering process sleeps in 30 s steps and tries
# again early when a queue run (dma -q) touched the queue's flush file.
# bk_dma_age sets the modification time of the queue files back, so the
# next attempt after a queue run gives up: dma's real expiry bounce, about
# 30 s after the first attempt.  dma sends no delay warnings.  It logs to
# syslog only; without a syslog daemon in the test, the delivering
# processes' output and the queue listing (-bp) tell what happened.

bk_dma_find() { bk_mta_fetch BK_DMA dma; }

bk_dma_usable() {
    [ "${BK_ISOLATED:-0}" = 1 ] && [ -d /etc/dma ] && getent passwd mail >/dev/null
}

bk_dma_new() {
    local dir=$1 host=$2
    mkdir -p "$dir/etc" "$dir/spool" "$dir/log" "$dir/msg"
    # dma drops root to the user mail, which must write the queue.
    chown mail:mail "$dir/spool"
    chmod 770 "$dir/spool"
    echo "$host" >"$dir/hostname"
    : >"$dir/pids"
}

bk_dma_start() {
    local dir=$1 host
    bk_dma_usable || { bk_log "dma needs the test's private namespaces"; return 1; }
    host=$(cat "$dir/hostname")
    cat >"$dir/etc/dma.conf" <<CONF
# Private test instance of bouncekit's integration tests.
SPOOLDIR $dir/spool
ALIASES $dir/etc/aliases
MAILNAME $host
CONF
    : >"$dir/etc/aliases"
    chmod 644 "$dir/etc/dma.conf" "$dir/etc/aliases"
    mountpoint -q /etc/dma || mount --bind "$dir/etc" /etc/dma || return 1
    bk_on_exit "bk_dma_stop '$dir'"
}

bk_dma_send() {
    local dir=$1 from=$2 rcpt=$3 size=${4:-0} subject=${5:-bouncekit integration test} n msg
    n=$(($(wc -l <"$dir/pids") + 1))
    msg=$dir/msg/$n.eml
    python3 - "$from" "$rcpt" "$size" "$subject" >"$msg" <<'PY'
import email.utils, sys
sender, rcpt, size, subject = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = "This is a test message of the bouncekit integration tests.\n"
while size > 0:
    body += "x" * 76 + "\n"
    size -= 78
sys.stdout.write("From: <%s>\nTo: <%s>\nSubject: %s\nDate: %s\nMessage-ID: %s\n\n%s"
                 % (sender, rcpt, subject, email.utils.formatdate(localtime=False),
                    email.utils.make_msgid(domain="sender.bk.test"), body))
PY
    # -D: the process stays in the foreground (here: in the background of
    # the test, with a pid to stop it by) instead of becoming a daemon.
    "$BK_DMA" -D -oi -f "$from" "$rcpt" <"$msg" >"$dir/log/$n.out" 2>&1 &
    echo "$!" >>"$dir/pids"
    # A refused submission ends at once with a message.
    sleep 0.3
    if ! kill -0 "$!" 2>/dev/null && [ -s "$dir/log/$n.out" ]; then
        cat "$dir/log/$n.out" >&2
        return 1
    fi
}

bk_dma_age() {
    local dir=$1 rcpt=$2 secs=$3 q id n=0 i
    # The submitting process writes the queue files before its first
    # attempt: wait for them a little (5 s at most).
    for ((i = 0; i < 50 && n == 0; i++)); do
        for q in "$dir/spool"/Q*; do
            [ -f "$q" ] || continue
            grep -qixF "Recipient: $rcpt" "$q" || continue
            id=${q##*/Q}
            touch -d "@$(($(date +%s) - secs))" "$q" "$dir/spool/M$id" && n=$((n + 1))
        done
        [ "$n" -gt 0 ] || sleep 0.1
    done
    [ "$n" -gt 0 ] || { bk_log "dma: no queued message to $rcpt"; return 1; }
}

bk_dma_queue_run() {
    local dir=$1
    "$BK_DMA" -q >>"$dir/log/queue-run.out" 2>&1
}

bk_dma_stop() {
    local dir=$1 pid
    while read -r pid; do
        kill "$pid" 2>/dev/null
    done <"$dir/pids"
    return 0
}

bk_dma_log() {
    local dir=$1 f
    for f in "$dir"/log/*.out; do
        [ -s "$f" ] && { echo "== $f"; cat "$f"; }
    done
    [ -n "${BK_DMA:-}" ] && "$BK_DMA" -bp 2>&1
    return 0
}
