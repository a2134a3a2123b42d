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
