# verify_lib.bash - shared by tests/integration/verify_*.sh (sourced, not a
# test): start a real unbound on loopback serving the verifier's test zones.
#
#   mx.test        MX 10 mail.mx.test (A 127.0.0.1)
#   multi.test     MX 20 b.multi.test, MX 10 a.multi.test
#   nullmx.test    MX 0 .  (RFC 7505)
#   aonly.test     A 127.0.0.1 only (implicit MX)
#   nomail.test    TXT only: exists, receives no mail
#   nx.test        NXDOMAIN (always_nxdomain)
#   refused.test   REFUSED
#   servfail.test  delegated to a server that refuses it: SERVFAIL
#   slow.test      delegated to a server that never answers: timeout
#   catchall.test, greylist.test, tls.test: MX mail.mx.test (SMTP tests)
#   *.bench.test   MX 10 mail.mx.test for every name (benchmarks)

vt_free_port() {
    python3 - "$@" <<'PY'
import socket, sys
kind = socket.SOCK_DGRAM if (len(sys.argv) > 1 and sys.argv[1] == "udp") else socket.SOCK_STREAM
s = socket.socket(socket.AF_INET, kind)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
}

# vt_start_unbound DIR: sets VT_DNS (127.0.0.1:PORT) and VT_UNBOUND_PID.
vt_start_unbound() {
    local dir=$1
    command -v unbound >/dev/null || return 77
    local port silent closed
    port=$(vt_free_port udp)
    silent=$(vt_free_port udp)
    # A UDP socket that reads nothing and never answers: the slow zone.
    python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', $silent))
time.sleep(3600)
" &
    VT_SILENT_PID=$!
    cat >"$dir/unbound.conf" <<CONF
server:
    interface: 127.0.0.1
    interface: 127.0.0.2
    port: $port
    interface-view: 127.0.0.2@$port "refuser"
    do-ip6: no
    do-tcp: yes
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    use-syslog: no
    logfile: "$dir/unbound.log"
    verbosity: 1
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    module-config: "iterator"
    num-threads: 1
    msg-cache-size: 32m
    rrset-cache-size: 64m
    outgoing-range: 256
    num-queries-per-thread: 1024
    ratelimit: 0
    ip-ratelimit: 0
    local-zone: "test." nodefault
    local-zone: "mx.test." static
    local-data: "mx.test. 300 IN MX 10 mail.mx.test."
    local-data: "mail.mx.test. 300 IN A 127.0.0.1"
    local-zone: "multi.test." static
    local-data: "multi.test. 300 IN MX 20 b.multi.test."
    local-data: "multi.test. 300 IN MX 10 a.multi.test."
    local-data: "a.multi.test. 300 IN A 127.0.0.1"
    local-data: "b.multi.test. 300 IN A 127.0.0.1"
    local-zone: "nullmx.test." static
    local-data: "nullmx.test. 300 IN MX 0 ."
    local-zone: "aonly.test." static
    local-data: "aonly.test. 300 IN A 127.0.0.1"
    local-zone: "nomail.test." static
    local-data: "nomail.test. 300 IN TXT \"no mail here\""
    local-zone: "nx.test." always_nxdomain
    local-zone: "refused.test." always_refuse
    local-zone: "catchall.test." static
    local-data: "catchall.test. 300 IN MX 10 mail.mx.test."
    local-zone: "greylist.test." static
    local-data: "greylist.test. 300 IN MX 10 mail.mx.test."
    local-zone: "tls.test." static
    local-data: "tls.test. 300 IN MX 10 mail.mx.test."
    local-zone: "bench.test." redirect
    local-data: "bench.test. 300 IN MX 10 mail.mx.test."
view:
    name: "refuser"
    local-zone: "servfail.test." always_refuse
    view-first: no
stub-zone:
    name: "servfail.test."
    stub-addr: 127.0.0.2@$port
stub-zone:
    name: "slow.test."
    stub-addr: 127.0.0.1@$silent
CONF
    unbound-checkconf "$dir/unbound.conf" >"$dir/checkconf.log" 2>&1 || {
        cat "$dir/checkconf.log" >&2
        return 1
    }
    unbound -d -c "$dir/unbound.conf" >"$dir/unbound.out" 2>&1 &
    VT_UNBOUND_PID=$!
    VT_DNS="127.0.0.1:$port"
    # Wait until it answers.
    for _ in $(seq 1 50); do
        if python3 - "$port" <<'PY' 2>/dev/null; then return 0; fi
import socket, struct, sys
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in ["mx", "test"]) + b"\0" + struct.pack(">HH", 15, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.2)
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
s.recvfrom(512)
PY
        sleep 0.1
    done
    echo "unbound did not start:" >&2
    cat "$dir/unbound.out" "$dir/unbound.log" >&2 2>/dev/null
    return 1
}

vt_stop_unbound() {
    [ -n "${VT_UNBOUND_PID:-}" ] && kill "$VT_UNBOUND_PID" 2>/dev/null && wait "$VT_UNBOUND_PID" 2>/dev/null
    [ -n "${VT_SILENT_PID:-}" ] && kill "$VT_SILENT_PID" 2>/dev/null && wait "$VT_SILENT_PID" 2>/dev/null
    VT_UNBOUND_PID=
    VT_SILENT_PID=
}

# vt_start_postfix DIR: a real Postfix on 127.0.0.1, on a free high port
# (VT_SMTP_PORT), with its own config_directory and queue_directory under
# DIR.  It answers for:
#   mx.test        known users jane and postmaster; others 550 5.1.1;
#                  full@ 452 4.2.2; blocked@ 550 5.7.1 (a policy refusal)
#   catchall.test  accepts every address (a catch-all alias)
#   greylist.test  450 4.7.1 greylisting for every address
# and offers STARTTLS with a self-signed certificate.
vt_start_postfix() {
    local dir=$1
    command -v postfix >/dev/null || return 77
    [ -x /usr/lib/postfix/sbin/master ] || return 77
    id postfix >/dev/null 2>&1 || return 77
    VT_SMTP_PORT=$(vt_free_port)
    VT_POSTFIX_DIR=$dir/postfix
    local etc=$VT_POSTFIX_DIR/etc
    mkdir -p "$etc" "$VT_POSTFIX_DIR/queue" "$VT_POSTFIX_DIR/data"
    # The postfix user must reach the queue (mktemp makes DIR private).
    chmod 755 "$dir" "$VT_POSTFIX_DIR"
    chown postfix "$VT_POSTFIX_DIR/data"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mail.mx.test" \
        -keyout "$etc/key.pem" -out "$etc/cert.pem" >/dev/null 2>&1 || return 1
    chmod 600 "$etc/key.pem"
    cat >"$etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $VT_POSTFIX_DIR/queue
data_directory = $VT_POSTFIX_DIR/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.mx.test
mydomain = mx.test
myorigin = mx.test
mydestination = mx.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
maillog_file_prefixes = $VT_POSTFIX_DIR
maillog_file = $VT_POSTFIX_DIR/maillog
local_recipient_maps = texthash:$etc/recipients
virtual_alias_domains = catchall.test, greylist.test
virtual_alias_maps = texthash:$etc/virtual
smtpd_recipient_restrictions = check_recipient_access texthash:$etc/access, permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = may
smtpd_tls_cert_file = $etc/cert.pem
smtpd_tls_key_file = $etc/key.pem
smtpd_banner = \$myhostname ESMTP
biff = no
smtputf8_enable = yes
alias_maps =
alias_database =
CONF
    cat >"$etc/recipients" <<'MAP'
jane@mx.test x
postmaster@mx.test x
full@mx.test x
blocked@mx.test x
MAP
    cat >"$etc/virtual" <<'MAP'
@catchall.test jane@mx.test
@greylist.test jane@mx.test
MAP
    cat >"$etc/access" <<'MAP'
full@mx.test 452 4.2.2 Mailbox full, quota exceeded
blocked@mx.test 550 5.7.1 Recipient refused by local policy
greylist.test 450 4.7.1 Greylisted, please try again later
MAP
    cat >"$etc/master.cf" <<CONF
127.0.0.1:$VT_SMTP_PORT inet n - n - - smtpd
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
smtp      unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
local     unix - n n - - local
virtual   unix - n n - - virtual
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CONF
    # Postfix reports to a terminal or syslog only: script(1) gives it one.
    script -qc "postfix -c $etc check" /dev/null >"$VT_POSTFIX_DIR/check.log" 2>&1
    if ! script -qec "postfix -c $etc start" /dev/null >"$VT_POSTFIX_DIR/start.log" 2>&1; then
        cat "$VT_POSTFIX_DIR/check.log" "$VT_POSTFIX_DIR/start.log" >&2
        return 1
    fi
    for _ in $(seq 1 50); do
        if python3 -c "
import socket, sys
s = socket.create_connection(('127.0.0.1', $VT_SMTP_PORT), timeout=0.5)
sys.exit(0 if s.recv(100).startswith(b'220') else 1)" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "postfix did not start:" >&2
    cat "$VT_POSTFIX_DIR/start.log" "$VT_POSTFIX_DIR/maillog" >&2 2>/dev/null
    return 1
}

vt_stop_postfix() {
    [ -n "${VT_POSTFIX_DIR:-}" ] && postfix -c "$VT_POSTFIX_DIR/etc" stop >/dev/null 2>&1
    VT_POSTFIX_DIR=
}
