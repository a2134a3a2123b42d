#!/usr/bin/env python3
"""smtp-tempfail-peer.py - an MX host that only ever fails temporarily, as
the first MX of a domain whose second MX is the real Postfix target; or a
slow MX that counts its connections open at once.

    smtp-tempfail-peer.py ADDR PORT MODE

MODE greet421: "421 4.3.2 Service shutting down" instead of a greeting.
MODE rcpt450:  a normal session, but every RCPT TO gets
               "450 4.7.1 Try again later" (greylisting).
MODE slow250:  a normal session that accepts every RCPT TO after 0.3 s.
Each connection is logged as one line "connect MODE N" on stdout, N being
the connections open at that moment (this one included)."""
import socketserver
import sys
import threading
import time

ADDR, PORT, MODE = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
open_now = 0


class Handler(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        global open_now
        with lock:
            open_now += 1
            print("connect %s %d" % (MODE, open_now), flush=True)
        self.counted = True
        try:
            self.session()
        finally:
            self.uncount()

    def uncount(self):
        # Before the reply to QUIT: the client may connect again as soon
        # as it has read it.
        global open_now
        with lock:
            if self.counted:
                open_now -= 1
                self.counted = False

    def session(self):
        if MODE == "greet421":
            self.say("421 4.3.2 busy.bk.test Service shutting down")
            return
        self.say("220 busy.bk.test ESMTP")
        for raw in self.rfile:
            cmd = raw.decode("latin-1").strip().upper()
            if cmd.startswith("EHLO"):
                self.say("250-busy.bk.test")
                self.say("250 8BITMIME")
            elif cmd.startswith("HELO") or cmd.startswith("MAIL") or cmd.startswith("RSET"):
                self.say("250 2.0.0 Ok")
            elif cmd.startswith("RCPT") and MODE == "slow250":
                time.sleep(0.3)
                self.say("250 2.1.5 Ok")
            elif cmd.startswith("RCPT"):
                self.say("450 4.7.1 Try again later")
            elif cmd.startswith("QUIT"):
                self.uncount()
                self.say("221 2.0.0 Bye")
                return
            else:
                self.say("502 5.5.2 Error: command not recognized")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


with Server((ADDR, PORT), Handler) as srv:
    srv.serve_forever()
