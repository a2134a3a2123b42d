#!/usr/bin/python3
"""A minimal greylisting policy service for Postfix (smtpd_policy protocol).

Postfix's spawn(8) runs one process per connection with the request on
stdin: "name=value" lines ended by an empty line; the reply is one
"action=..." line and an empty line.  A (client address, sender, recipient)
triplet is deferred with 450 4.7.1 until it has been seen for the first time
at least DELAY seconds ago, then accepted (DUNNO lets the other restrictions
decide).  State is one line per triplet in STATEFILE, under an exclusive
lock, so concurrent smtpd processes agree.

usage: greylist-policy.py STATEFILE [DELAY_SECONDS]
"""
import fcntl
import os
import sys
import time


def decide(statefile, delay, triplet):
    now = time.time()
    fd = os.open(statefile, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        first = None
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[1] == triplet:
                first = float(parts[0])
                break
        if first is None:
            f.seek(0, os.SEEK_END)
            f.write("%.3f\t%s\n" % (now, triplet))
            f.flush()
            return "DEFER_IF_PERMIT 4.7.1 Greylisted, please try again later"
        if now - first < delay:
            return "DEFER_IF_PERMIT 4.7.1 Greylisted, please try again later"
        return "DUNNO"


def main():
    statefile = sys.argv[1]
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    attrs = {}
    for raw in sys.stdin:
        line = raw.rstrip("\r\n")
        if line == "":
            triplet = "%s,%s,%s" % (attrs.get("client_address", ""),
                                    attrs.get("sender", "").lower(),
                                    attrs.get("recipient", "").lower())
            action = decide(statefile, delay, triplet)
            sys.stdout.write("action=%s\n\n" % action)
            sys.stdout.flush()
            attrs = {}
            continue
        name, _, value = line.partition("=")
        attrs[name] = value


if __name__ == "__main__":
    main()
