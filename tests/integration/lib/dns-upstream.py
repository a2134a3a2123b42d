#!/usr/bin/python3
"""A tiny UDP DNS responder behind the test resolver (unbound).

It serves the zones a real server cannot easily misbehave for:
  servfail.test  every query is answered with RCODE 2 (SERVFAIL)
  slow.test      every query is answered after DELAY seconds, with
                 slow.test A 127.0.0.1 (and MX 10 slow.test)
  silent.test    no query is ever answered (a server that is down)
Anything else gets REFUSED.  Each query is answered in a thread of its own,
so a slow answer does not hold up the others.

usage: dns-upstream.py PORT [DELAY_SECONDS]
"""
import socket
import struct
import sys
import threading
import time


def parse_question(pkt):
    """Return (qname, qtype, end offset of the question) or None."""
    if len(pkt) < 12:
        return None
    off, labels = 12, []
    while True:
        if off >= len(pkt):
            return None
        n = pkt[off]
        off += 1
        if n == 0:
            break
        if n & 0xC0 or off + n > len(pkt):
            return None
        labels.append(pkt[off:off + n].decode("ascii", "replace").lower())
        off += n
    if off + 4 > len(pkt):
        return None
    qtype = struct.unpack("!H", pkt[off:off + 2])[0]
    return ".".join(labels), qtype, off + 4


def answer(pkt, delay):
    q = parse_question(pkt)
    if q is None:
        return None
    qname, qtype, end = q
    qid = pkt[:2]
    question = pkt[12:end]
    rd = pkt[2] & 0x01
    if qname == "servfail.test" or qname.endswith(".servfail.test"):
        flags = 0x8000 | (rd << 8) | 2
        return qid + struct.pack("!HHHHH", flags, 1, 0, 0, 0) + question
    if qname == "silent.test" or qname.endswith(".silent.test"):
        return None
    if qname == "slow.test" or qname.endswith(".slow.test"):
        time.sleep(delay)
        rrs = b""
        count = 0
        if qtype in (1, 255):      # A
            rrs += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
            count += 1
        if qtype in (15, 255):     # MX 10 slow.test
            rdata = struct.pack("!H", 10) + b"\xc0\x0c"
            rrs += b"\xc0\x0c" + struct.pack("!HHIH", 15, 1, 60, len(rdata)) + rdata
            count += 1
        flags = 0x8400 | (rd << 8)
        return qid + struct.pack("!HHHHH", flags, 1, count, 0, 0) + question + rrs
    flags = 0x8000 | (rd << 8) | 5
    return qid + struct.pack("!HHHHH", flags, 1, 0, 0, 0) + question


def main():
    port = int(sys.argv[1])
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))

    def serve(pkt, addr):
        reply = answer(pkt, delay)
        if reply is not None:
            sock.sendto(reply, addr)

    while True:
        pkt, addr = sock.recvfrom(4096)
        threading.Thread(target=serve, args=(pkt, addr), daemon=True).start()


if __name__ == "__main__":
    main()
