# shellcheck shell=bash
# postfix.sh - run private Postfix instances for the integration tests.
#
# Each instance lives in a directory of its own (config, queue, data, logs,
# mailboxes) and is started with `postfix -c DIR/etc`, so the system's
# /etc/postfix, its queue and port 25 are never touched.  An instance
# listens on 127.0.0.1 only, on a high port, runs no daemon chrooted, logs
# to a file through postlogd, and can never send mail off the machine:
# default_transport and relay_transport are `error:`, DNS lookups are off
# (native lookups, which bk_isolate limits to the test's own hosts file),
# and the only SMTP destinations are the ones a test routes to loopback
# ports in transport_maps.
#
# Usage (after sourcing common.sh):
#   bk_postfix_new DIR HOSTNAME PORT   write main.cf and master.cf
#   bk_postfix_conf DIR 'name = value' ...   change main.cf
#   bk_postfix_start DIR               start, wait for the SMTP port
#   bk_postfix_stop DIR                stop (also done on exit)
#   bk_postfix_flush DIR               retry deferred mail now
#   bk_postfix_log DIR                 print the instance's log
#
# The instance delivers mail for the domain sender.bk.test to Maildirs under
# DIR/mail/ (virtual(8)): sender@ and postmaster@ there receive the bounces.

BK_POSTFIX_DAEMONS=/usr/lib/postfix/sbin

bk_postfix_available() {
    command -v postfix >/dev/null 2>&1 && command -v postconf >/dev/null 2>&1 &&
        [ -x "$BK_POSTFIX_DAEMONS/master" ] || return 1
    id postfix >/dev/null 2>&1 && getent group postdrop >/dev/null 2>&1
}

bk_postfix_new() {
    local dir=$1 host=$2 port=$3 uid gid
    mkdir -p "$dir/etc" "$dir/queue" "$dir/data" "$dir/log" "$dir/mail"
    uid=$(id -u nobody) gid=$(id -g nobody)
    chown postfix "$dir/data"
    chown nobody:nogroup "$dir/mail" 2>/dev/null || chown "$uid:$gid" "$dir/mail"
    echo "$port" >"$dir/port"
    cat >"$dir/etc/main.cf" <<CF
# Private test instance of bouncekit's integration tests.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
command_directory = /usr/sbin
daemon_directory = $BK_POSTFIX_DAEMONS
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = $dir/log
maillog_file = $dir/log/maillog
syslog_name = bk-postfix-$host

myhostname = $host
mydomain = bk.test
myorigin = \$myhostname
mydestination = \$myhostname, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP

# Nothing leaves the machine: unknown destinations fail, DNS is not used.
relayhost =
default_transport = error:5.7.1 outbound mail is disabled in this test instance
relay_transport = error:5.7.1 outbound mail is disabled in this test instance
transport_maps =
smtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native
smtp_connect_timeout = 5s
smtpd_peername_lookup = no

# Local delivery without /etc/aliases; unknown local users are accepted by
# smtpd and fail in local(8), which then sends a bounce.
alias_maps =
alias_database =
local_recipient_maps =
biff = no

# Mailboxes of the sending side, in Maildirs under $dir/mail.
virtual_mailbox_domains = sender.bk.test
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = inline:{ sender@sender.bk.test=sender/, postmaster@sender.bk.test=postmaster/ }
virtual_minimum_uid = 1
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid

# Bounces and notices.
notify_classes = bounce, resource, software
bounce_notice_recipient = postmaster@sender.bk.test
2bounce_notice_recipient = postmaster@sender.bk.test
delay_notice_recipient = postmaster@sender.bk.test
error_notice_recipient = postmaster@sender.bk.test

# Short queue times, so an undeliverable message expires within a test.
maximal_queue_lifetime = 40s
bounce_queue_lifetime = 40s
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
delay_warning_time = 0h
message_size_limit = 10240000
CF
    cat >"$dir/etc/master.cf" <<MCF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$port inet n  -       n       -       -       smtpd
pickup     unix  n       -       n       60      1       pickup
cleanup    unix  n       -       n       -       0       cleanup
qmgr       unix  n       -       n       300     1       qmgr
tlsmgr     unix  -       -       n       1000?   1       tlsmgr
rewrite    unix  -       -       n       -       -       trivial-rewrite
bounce     unix  -       -       n       -       0       bounce
defer      unix  -       -       n       -       0       bounce
trace      unix  -       -       n       -       0       bounce
verify     unix  -       -       n       -       1       verify
flush      unix  n       -       n       1000?   0       flush
proxymap   unix  -       -       n       -       -       proxymap
proxywrite unix  -       -       n       -       1       proxymap
smtp       unix  -       -       n       -       -       smtp
relay      unix  -       -       n       -       -       smtp
showq      unix  n       -       n       -       -       showq
error      unix  -       -       n       -       -       error
retry      unix  -       -       n       -       -       error
discard    unix  -       -       n       -       -       discard
local      unix  -       n       n       -       -       local
virtual    unix  -       n       n       -       -       virtual
lmtp       unix  -       -       n       -       -       lmtp
anvil      unix  -       -       n       -       1       anvil
scache     unix  -       -       n       -       1       scache
postlog    unix-dgram n  -       n       -       1       postlogd
MCF
}

bk_postfix_conf() {
    local dir=$1; shift
    postconf -c "$dir/etc" -e "$@"
}

# bk_postfix_service DIR LINE: append a service line to master.cf.
bk_postfix_service() {
    printf '%s\n' "$2" >>"$1/etc/master.cf"
}

bk_postfix_start() {
    local dir=$1 port
    port=$(cat "$dir/port")
    # Refuse to run against the system instance, whatever the caller did.
    case $(postconf -c "$dir/etc" -h queue_directory) in
        "$dir/queue") ;;
        *) bk_fail "postfix instance $dir: queue_directory is not private" ;;
    esac
    postfix -c "$dir/etc" check >"$dir/log/check.out" 2>&1 ||
        { cat "$dir/log/check.out" >&2; return 1; }
    postfix -c "$dir/etc" start >"$dir/log/start.out" 2>&1 ||
        { cat "$dir/log/start.out" "$dir/log/maillog" >&2 2>/dev/null; return 1; }
    bk_on_exit "bk_postfix_stop '$dir'"
    bk_mta_wait postfix "$dir" "$port"
}

bk_postfix_stop() {
    local dir=$1 pid
    [ -f "$dir/queue/pid/master.pid" ] || return 0
    postfix -c "$dir/etc" stop >/dev/null 2>&1 || true
    pid=$(tr -dc 0-9 <"$dir/queue/pid/master.pid" 2>/dev/null)
    # Wait for the master to go, then make sure (by pid, never by name).
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    return 0
}

bk_postfix_flush() {
    postqueue -c "$1/etc" -f >/dev/null 2>&1 || true
}

bk_postfix_log() {
    cat "$1/log/maillog" 2>/dev/null
}
