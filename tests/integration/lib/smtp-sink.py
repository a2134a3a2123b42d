#!/usr/bin/env python3
"""smtp-sink.py - an SMTP server on loopback that keeps every message.

usage: smtp-sink.py PORT DIR [ADDRESS]

Listens on ADDRESS:PORT (ADDRESS a loopback address, 127.0.0.1 by default), accepts any sender and recipient, and stores each
message as DIR/new/TIME.N.eml (written to DIR/tmp first, then renamed, as in
a Maildir), headed by Return-Path and Delivered-To lines and with LF line ends, as
a local delivery would write it.  The integration tests route the sender's domain of the MTAs that
cannot deliver to a Maildir of the test's choosing here, to collect the
bounces those MTAs send.  Speaks just enough ESMTP (EHLO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT) for an MTA's SMTP client; 8BITMIME and SMTPUTF8 are
offered so that no message is refused or downgraded.
"""
import os
import socketserver
import sys
import threading
import time

PORT = int(sys.argv[1])
DIR = sys.argv[2]
ADDRESS = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
MAX_MESSAGE = 10 * 1024 * 1024   # a test message is far smaller
counter = [0]
lock = threading.Lock()


def store(sender, rcpts, data):
    with lock:
        counter[0] += 1
        name = "%d.%d.eml" % (int(time.time()), counter[0])
    # Stored with LF line ends, as a local delivery agent writes a Maildir.
    head = "Return-Path: <%s>\n" % sender
    for r in rcpts:
        head += "Delivered-To: %s\n" % r
    tmp = os.path.join(DIR, "tmp", name)
    with open(tmp, "wb") as f:
        f.write(head.encode() + data.replace(b"\r\n", b"\n"))
    os.rename(tmp, os.path.join(DIR, "new", name))


class Session(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink.bk.test ESMTP test sink")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd = line.decode("latin-1").rstrip("\r\n")
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    self.reply("250-sink.bk.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE %d" % MAX_MESSAGE)
                else:
                    self.reply("250 sink.bk.test")
            elif verb == "MAIL":
                addr = cmd[cmd.find(":") + 1:].strip()
                sender = addr[1:addr.find(">")] if addr.startswith("<") else addr.split()[0]
                rcpts = []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                addr = cmd[cmd.find(":") + 1:].strip()
                rcpts.append(addr[1:addr.find(">")] if addr.startswith("<") else addr.split()[0])
                self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if sender is None or not rcpts:
                    self.reply("503 5.5.1 need MAIL and RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                chunks, size = [], 0
                while True:
                    l = self.rfile.readline(65536)
                    if not l:
                        return
                    if l in (b".\r\n", b".\n"):
                        break
                    if l.startswith(b"."):
                        l = l[1:]
                    size += len(l)
                    if size <= MAX_MESSAGE:
                        chunks.append(l)
                if size > MAX_MESSAGE:
                    self.reply("552 5.3.4 message too big for the sink")
                else:
                    store(sender, rcpts, b"".join(chunks))
                    self.reply("250 2.0.0 Ok: stored")
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 command not implemented")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


for sub in ("tmp", "new"):
    os.makedirs(os.path.join(DIR, sub), exist_ok=True)
Server((ADDRESS, PORT), Session).serve_forever()
