# shellcheck shell=bash
# dns.sh - a real DNS server on loopback for the integration tests
# (sourced after common.sh).
#
#   bk_dns_start DIR [PORT]    start unbound on 127.0.0.1:PORT (a free high
#                              port when none is given); BK_DNS_PORT holds it
#   bk_dns_stop DIR            stop it (also done on exit)
#
# unbound answers from its own local data and never recurses: the root zone
# is a static local zone, so it sends no query anywhere but to the helper
# below on loopback.  The test zones:
#   mx.bk.test        MX 10 mail.mx.bk.test; mail.mx.bk.test A 127.0.0.1
#   multi.bk.test     MX 20 b.multi.bk.test, MX 10 a.multi.bk.test (both
#                     A 127.0.0.1)
#   nullmx.bk.test    MX 0 .  (RFC 7505 null MX); A 127.0.0.1
#   aonly.bk.test     A 127.0.0.1, no MX (implicit MX)
#   nomail.bk.test    TXT only: the name exists, receives no mail
#   catchall.bk.test, greylist.bk.test   MX 10 mail.mx.bk.test
#   fallback.bk.test  MX 10 busy.fallback.bk.test (A 127.0.0.2), MX 20
#                     mail.mx.bk.test
#   closing.bk.test   MX 10 shut.closing.bk.test (A 127.0.0.3), MX 20
#                     mail.mx.bk.test
#   busy.bk.test      MX 10 shut.closing.bk.test only
#   multiaddr.bk.test MX 10 mx.multiaddr.bk.test, which has A 127.0.0.5
#                     (nothing listens there) then A 127.0.0.1
#   *.shared.bk.test  MX 10 mx.shared.bk.test for every name, every name
#                     A 127.0.0.4 (many domains sharing one MX host)
#   *.bench.bk.test   MX 10 mail.mx.bk.test for every name (a redirect
#                     zone: benchmarks and long address lists)
#   sender.bk.test    MX 10 bounces.sender.bk.test (A 127.0.0.6): where an
#                     MTA that routes by MX only returns bounces
#   dead.bk.test      MX 10 mx.dead.bk.test (A 127.0.0.7, nothing listens):
#                     a destination that never accepts
#   refused.bk.test   REFUSED
#   *.bk.test else    NXDOMAIN (e.g. nosuch.bk.test)
#   servfail.test     SERVFAIL
#   slow.test         answered after BK_DNS_SLOW seconds (default 3):
#                     A 127.0.0.1, MX 10 slow.test
#   silent.test       never answered: a client sees a timeout
# servfail.test, slow.test and silent.test are forwarded to
# dns-upstream.py, a small UDP responder of ours on another loopback port.

BK_INTEG_LIB=${BK_INTEG_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

bk_dns_available() {
    command -v unbound >/dev/null 2>&1
}

bk_dns_start() {
    local dir=$1 port=${2:-} up pid
    [ -n "$port" ] || port=$(bk_free_port)
    up=$(bk_free_port)
    BK_DNS_PORT=$port
    mkdir -p "$dir"
    echo "$port" >"$dir/port"
    cat >"$dir/unbound.conf" <<CONF
server:
    interface: 127.0.0.1
    port: $port
    do-ip6: no
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$dir"
    pidfile: "$dir/unbound.pid"
    logfile: "$dir/unbound.log"
    use-syslog: no
    verbosity: 1
    num-threads: 1
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    module-config: "iterator"
    outgoing-interface: 127.0.0.1
    cache-max-ttl: 0
    cache-max-negative-ttl: 0
    serve-expired: no
    infra-host-ttl: 1
    # Answers keep the order of the records (mx.multiaddr.bk.test: the dead
    # address first).
    rrset-roundrobin: no
    # Wait long enough for the slow zone to answer (its delay is a few
    # seconds), and still answer the client then: unbound would otherwise
    # resend after ~0.4 s and drop replies older than 1.9 s.
    infra-cache-min-rtt: 6000
    discard-timeout: 10000
    # Never recurse: everything outside the test zones is answered locally.
    local-zone: "." static
    local-zone: "bk.test." static
    local-data: "bk.test. 60 IN SOA ns.bk.test. hostmaster.bk.test. 1 3600 600 86400 60"
    local-data: "mx.bk.test. 60 IN MX 10 mail.mx.bk.test."
    local-data: "mail.mx.bk.test. 60 IN A 127.0.0.1"
    local-data: "multi.bk.test. 60 IN MX 20 b.multi.bk.test."
    local-data: "multi.bk.test. 60 IN MX 10 a.multi.bk.test."
    local-data: "a.multi.bk.test. 60 IN A 127.0.0.1"
    local-data: "b.multi.bk.test. 60 IN A 127.0.0.1"
    local-data: "nullmx.bk.test. 60 IN MX 0 ."
    local-data: "nullmx.bk.test. 60 IN A 127.0.0.1"
    local-data: "aonly.bk.test. 60 IN A 127.0.0.1"
    local-data: 'nomail.bk.test. 60 IN TXT "no mail here"'
    local-data: "catchall.bk.test. 60 IN MX 10 mail.mx.bk.test."
    local-data: "greylist.bk.test. 60 IN MX 10 mail.mx.bk.test."
    local-data: "fallback.bk.test. 60 IN MX 10 busy.fallback.bk.test."
    local-data: "fallback.bk.test. 60 IN MX 20 mail.mx.bk.test."
    local-data: "busy.fallback.bk.test. 60 IN A 127.0.0.2"
    local-data: "closing.bk.test. 60 IN MX 10 shut.closing.bk.test."
    local-data: "closing.bk.test. 60 IN MX 20 mail.mx.bk.test."
    local-data: "shut.closing.bk.test. 60 IN A 127.0.0.3"
    local-data: "busy.bk.test. 60 IN MX 10 shut.closing.bk.test."
    local-data: "multiaddr.bk.test. 60 IN MX 10 mx.multiaddr.bk.test."
    local-data: "mx.multiaddr.bk.test. 60 IN A 127.0.0.5"
    local-data: "mx.multiaddr.bk.test. 60 IN A 127.0.0.1"
    local-data: "sender.bk.test. 60 IN MX 10 bounces.sender.bk.test."
    local-data: "bounces.sender.bk.test. 60 IN A 127.0.0.6"
    local-data: "dead.bk.test. 60 IN MX 10 mx.dead.bk.test."
    local-data: "mx.dead.bk.test. 60 IN A 127.0.0.7"
    local-zone: "shared.bk.test." redirect
    local-data: "shared.bk.test. 60 IN MX 10 mx.shared.bk.test."
    local-data: "shared.bk.test. 60 IN A 127.0.0.4"
    local-zone: "bench.bk.test." redirect
    local-data: "bench.bk.test. 60 IN MX 10 mail.mx.bk.test."
    local-zone: "refused.bk.test." always_refuse
    local-zone: "servfail.test." transparent
    local-zone: "slow.test." transparent
    local-zone: "silent.test." transparent
    domain-insecure: "servfail.test."
    domain-insecure: "slow.test."
    domain-insecure: "silent.test."

forward-zone:
    name: "servfail.test."
    forward-addr: 127.0.0.1@$up
forward-zone:
    name: "slow.test."
    forward-addr: 127.0.0.1@$up
forward-zone:
    name: "silent.test."
    forward-addr: 127.0.0.1@$up

remote-control:
    control-enable: no
CONF
    unbound-checkconf "$dir/unbound.conf" >"$dir/checkconf.out" 2>&1 ||
        { cat "$dir/checkconf.out" >&2; return 1; }
    python3 "$BK_INTEG_LIB/dns-upstream.py" "$up" "${BK_DNS_SLOW:-3}" >"$dir/upstream.log" 2>&1 &
    echo $! >"$dir/upstream.pid"
    bk_on_exit "bk_dns_stop '$dir'"
    # The responder must be listening before unbound first forwards to it:
    # a query that finds its port closed would make unbound answer late or
    # with another error (seen on a loaded machine).
    local i
    for ((i = 0; i < 100; i++)); do
        [ "$(bk_dns_query "$up" servfail.test A 0.2)" = SERVFAIL ] && break
        sleep 0.1
    done
    if [ "$i" = 100 ]; then
        bk_log "dns-upstream.py did not start on 127.0.0.1:$up"
        cat "$dir/upstream.log" >&2
        return 1
    fi
    unbound -d -c "$dir/unbound.conf" >"$dir/unbound.out" 2>&1 &
    echo $! >"$dir/daemon.pid"
    # Ready when it answers a query of its own data.
    for ((i = 0; i < 100; i++)); do
        if [ "$(bk_dns_query "$port" aonly.bk.test A 1)" = $'NOERROR\nA 127.0.0.1' ]; then
            return 0
        fi
        sleep 0.1
    done
    bk_log "unbound did not start on 127.0.0.1:$port"
    cat "$dir/unbound.out" "$dir/unbound.log" >&2 2>/dev/null
    return 1
}

bk_dns_stop() {
    local dir=$1 f pid
    for f in "$dir/daemon.pid" "$dir/upstream.pid"; do
        pid=$(cat "$f" 2>/dev/null) || continue
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
        rm -f "$f"
    done
    return 0
}

# bk_dns_query PORT NAME TYPE [TIMEOUT]: ask 127.0.0.1:PORT once over UDP.
# Prints the RCODE name, then one line per answer record "TYPE DATA"
# (MX as "MX PREF HOST", A as "A ADDR"), or "TIMEOUT" when no answer came.
bk_dns_query() {
    python3 - "$@" <<'PY'
import random, socket, struct, sys
port, name, qtype = int(sys.argv[1]), sys.argv[2], sys.argv[3].upper()
timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
types = {"A": 1, "MX": 15, "AAAA": 28, "TXT": 16}
qid = random.randint(0, 65535)
q = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0"
pkt = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", types[qtype], 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(timeout)
s.sendto(pkt, ("127.0.0.1", port))
try:
    while True:
        resp, _ = s.recvfrom(4096)
        if struct.unpack("!H", resp[:2])[0] == qid:
            break
except socket.timeout:
    print("TIMEOUT")
    sys.exit(0)

def rname(buf, off):
    labels, jumped, end = [], False, off
    while True:
        n = buf[off]
        if n & 0xC0 == 0xC0:
            if not jumped:
                end = off + 2
            off = ((n & 0x3F) << 8) | buf[off + 1]
            jumped = True
            continue
        off += 1
        if n == 0:
            break
        labels.append(buf[off:off + n].decode())
        off += n
    if not jumped:
        end = off
    return ".".join(labels) + ".", end

flags, qd, an = struct.unpack("!HHH", resp[2:8])
rcodes = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
print(rcodes.get(flags & 0xF, str(flags & 0xF)))
off = 12
for _ in range(qd):
    _, off = rname(resp, off)
    off += 4
for _ in range(an):
    _, off = rname(resp, off)
    t, c, ttl, ln = struct.unpack("!HHIH", resp[off:off + 10])
    off += 10
    rd = resp[off:off + ln]
    if t == 1:
        print("A", socket.inet_ntoa(rd))
    elif t == 15:
        host, _ = rname(resp, off + 2)
        print("MX", struct.unpack("!H", rd[:2])[0], host)
    else:
        print(t, rd.hex())
    off += ln
PY
}
