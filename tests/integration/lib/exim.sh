# shellcheck shell=bash
# exim.sh - run a private Exim instance for the integration tests (sourced
# after common.sh).
#
# The Exim binary comes from Debian's packages unpacked by
# scripts/fetch-exim.sh (Debian's MTA packages exclude one another, so Exim
# is never installed next to Postfix).  The instance reads only its own
# configuration file (-C), keeps spool, logs and pid file in its directory,
# listens on 127.0.0.1:PORT, and routes only the test domains, all to
# loopback: nothing can leave the machine (no dnslookup router; mail to any
# other domain fails).
#
#   bk_exim_find                       set BK_EXIM (fetching when needed; call
#                                      it before bk_isolate: no network inside)
#   bk_exim_new DIR HOSTNAME PORT      write DIR/exim.conf
#   bk_exim_route DIR DOMAIN HOST PORT route DOMAIN to HOST:PORT over SMTP
#                                      (HOST a name: looked up via /etc/hosts)
#   bk_exim_dns_domain DIR DOMAIN      route DOMAIN by DNS (test namespace only)
#   bk_exim_start DIR                  run the daemon with a 5 s queue runner
#   bk_exim_stop DIR                   stop it (also done on exit)
#   bk_exim_log DIR                    print its daemon output, main and
#                                      reject logs
#
# BK_EXIM_DELAY_WARNING (e.g. 8s) turns delay warnings on (off by default).
# Mail for sender.bk.test (sender@, postmaster@) is delivered to Maildirs
# under DIR/mail/.  Users of HOSTNAME are looked up in the passwd file, so an
# unknown one fails with "Unrouteable address" after the message has been
# accepted, and Exim sends a bounce.

bk_exim_find() {
    local fetch
    # Fetched before the test entered its namespace (which has no network)?
    if [ -n "${BK_EXIM:-}" ] && [ -x "$BK_EXIM" ]; then
        return 0
    fi
    if [ "${BK_ISOLATED:-0}" = 1 ]; then
        return 1
    fi
    fetch="${BK_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}/scripts/fetch-exim.sh"
    BK_EXIM=$("$fetch" 2>"${BK_TMP:-/tmp}/fetch-exim.err") || {
        cat "${BK_TMP:-/tmp}/fetch-exim.err" >&2
        BK_EXIM=
        return 1
    }
}

bk_exim_new() {
    local dir=$1 host=$2 port=$3
    mkdir -p "$dir/spool" "$dir/log" "$dir/mail"
    # Exim gives up root for a configuration given with -C, and then runs
    # (and delivers) as its own user: everything it writes belongs to it.
    chown -R Debian-exim:Debian-exim "$dir/spool" "$dir/log" "$dir/mail"
    echo "$port" >"$dir/port"
    : >"$dir/routes"
    : >"$dir/dnsdomains"
    cat >"$dir/exim.conf" <<CONF
# Private test instance of bouncekit's integration tests.
exim_path = $BK_EXIM
primary_hostname = $host
qualify_domain = $host
domainlist local_domains = $host : sender.bk.test
spool_directory = $dir/spool
log_file_path = $dir/log/%slog
pid_file_path = $dir/exim.pid
daemon_smtp_ports = $port
local_interfaces = <; 127.0.0.1
disable_ipv6 = true
tls_advertise_hosts =
host_lookup =
rfc1413_hosts =
dns_retry = 1
keep_environment =
never_users = root
message_size_limit = 10M
delay_warning = ${BK_EXIM_DELAY_WARNING:-}
ignore_bounce_errors_after = 1m
timeout_frozen_after = 5m
acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_rcpt:
  accept hosts = 127.0.0.1
  deny   message = relay not permitted

begin routers

bk_remote:
  driver = manualroute
  domains = ! +local_domains
  route_data = \${lookup{\$domain}lsearch{$dir/routes}{\${extract{1}{ }{\$value}}}fail}
  transport = bk_smtp
  host_find_failed = fail
  self = send

# Domains a test lists in DIR/dnsdomains are looked up in DNS, i.e. in the
# test's own DNS server (tests/integration/lib/dns.sh), never elsewhere:
# bk_exim_dns_domain is only used inside the test's network namespace.
bk_dns:
  driver = dnslookup
  domains = lsearch;$dir/dnsdomains
  transport = bk_smtp
  no_more

bk_mailbox:
  driver = accept
  domains = sender.bk.test
  local_parts = sender : postmaster
  transport = bk_maildir

bk_localuser:
  driver = accept
  domains = $host
  check_local_user
  transport = bk_maildir

begin transports

bk_smtp:
  driver = smtp
  port = \${lookup{\$domain}lsearch{$dir/routes}{\${extract{2}{ }{\$value}}}{25}}
  connect_timeout = 5s
  hosts_try_fastopen =
  hosts_try_chunking =

bk_maildir:
  driver = appendfile
  directory = $dir/mail/\$local_part_data
  maildir_format
  create_directory
  user = Debian-exim
  group = Debian-exim
  mode = 0644
  delivery_date_add
  envelope_to_add
  return_path_add

begin retry

# A destination that never answers gives up after 40 seconds: time for
# the delay warning (8 s) on a busy machine first.
dead.bk.test  *  F,40s,5s
*             *  F,2h,15m
CONF
}

bk_exim_route() {
    printf '%s: %s %s\n' "$2" "$3" "$4" >>"$1/routes"
}

bk_exim_dns_domain() {
    printf '%s\n' "$2" >>"$1/dnsdomains"
}

bk_exim_start() {
    local dir=$1 port
    port=$(cat "$dir/port")
    "$BK_EXIM" -C "$dir/exim.conf" -bV >"$dir/log/bV.out" 2>&1 ||
        { cat "$dir/log/bV.out" >&2; return 1; }
    "$BK_EXIM" -C "$dir/exim.conf" -bdf -q5s >"$dir/log/daemon.out" 2>&1 &
    bk_mta_daemon exim "$dir" "$port" $!
}

# Delivery processes the daemon started, recorded in its pid file
# directory, end on their own within their timeouts.
bk_exim_stop() { bk_mta_daemon_stop "$1"; }

bk_exim_log() {
    cat "$1/log/daemon.out" "$1/log/mainlog" "$1/log/rejectlog" "$1/log/paniclog" 2>/dev/null
}
