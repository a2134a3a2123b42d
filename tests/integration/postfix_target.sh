#!/bin/bash
# postfix_target.sh - smoke test of the receiving Postfix of
# lib/postfix-smtp-target.sh: talk SMTP to it and check each reply.
BK_TEST_NAME=postfix_target
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/postfix.sh"
. "$here/lib/postfix-smtp-target.sh"

[ "$(id -u)" = 0 ] || bk_skip "needs root to run a private Postfix"
bk_postfix_available || bk_skip "postfix is not installed (scripts/install-deps.sh installs it)"
command -v openssl >/dev/null || bk_skip "openssl is not installed"
bk_isolate "$0" "$@"
bk_tmpdir

BK_GREYLIST_DELAY=5 bk_smtp_target_start "$BK_TMP/target" || bk_fail "the target did not start"
bk_log "target on 127.0.0.1:$BK_TARGET_PORT"

python3 - "$BK_TARGET_PORT" "$BK_TMP/target" <<'PY' || bk_fail "SMTP replies differ (see above)"
import os, smtplib, ssl, sys, time
port, tdir = int(sys.argv[1]), sys.argv[2]
fails = 0

def expect(what, got, code, enh=None):
    global fails
    c, text = got
    text = text.decode(errors="replace") if isinstance(text, bytes) else text
    ok = c == code and (enh is None or text.startswith(enh))
    print("postfix_target: %s %s: %d %s" % ("ok  " if ok else "FAIL", what, c, text), file=sys.stderr)
    if not ok:
        fails += 1
        print("postfix_target:      want %d %s" % (code, enh or ""), file=sys.stderr)

def session():
    s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.bk.test", timeout=20)
    s.ehlo()
    return s

def rcpt(addr, sender="probe@client.bk.test"):
    s = session()
    s.mail(sender)
    r = s.rcpt(addr)
    s.quit()
    return r

# Banner names the host; STARTTLS is offered and a TLS session comes up
# with the certificate made for mx.bk.test.
s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.bk.test", timeout=20)
code, banner = s.ehlo()
expect("EHLO", (code, banner.split(b"\n")[0]), 250, "mx.bk.test")
if not s.has_extn("smtputf8"):
    print("postfix_target: FAIL SMTPUTF8 is not offered", file=sys.stderr); fails += 1
if not s.has_extn("starttls"):
    print("postfix_target: FAIL STARTTLS is not offered", file=sys.stderr); fails += 1
else:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    expect("STARTTLS", s.starttls(context=ctx), 220, "2.0.0")
    der = s.sock.getpeercert(binary_form=True)
    pem = ssl.DER_cert_to_PEM_cert(der)
    want = open(os.path.join(tdir, "tls", "cert.pem")).read()
    same = pem.strip() == want.strip()
    print("postfix_target: %s TLS %s, certificate is the one made for the test" % ("ok  " if same else "FAIL", s.sock.version()), file=sys.stderr)
    fails += 0 if same else 1
    code, _ = s.ehlo()
    expect("EHLO after STARTTLS", (code, b"mx.bk.test"), 250)
s.quit()

expect("unknown user", rcpt("nosuchuser@mx.bk.test"), 550, "5.1.1")
expect("known user", rcpt("known@mx.bk.test"), 250, "2.1.5")
expect("full mailbox", rcpt("full@mx.bk.test"), 452, "4.2.2")
expect("policy refusal", rcpt("blocked@mx.bk.test"), 550, "5.7.1")
expect("catch-all domain", rcpt("any-%d@catchall.bk.test" % os.getpid()), 250, "2.1.5")
expect("other domain (no relaying)", rcpt("someone@elsewhere.bk.test"), 554, "5.7.1")

# Size limit: refused at MAIL FROM when SIZE declares too much.
s = session()
expect("MAIL with SIZE over the limit", s.mail("probe@client.bk.test", ["SIZE=50000"]), 552, "5.3.4")
s.quit()

# Greylisting: first attempt 450 4.7.1, the same triplet again at once is
# still deferred, after the delay it is accepted; a new triplet starts over.
g = "user@greylist.bk.test"
expect("greylist first attempt", rcpt(g), 450, "4.7.1")
expect("greylist immediate retry", rcpt(g), 450, "4.7.1")
time.sleep(5.5)
expect("greylist retry after the delay", rcpt(g), 250, "2.1.5")
expect("greylist other sender", rcpt(g, "other@client.bk.test"), 450, "4.7.1")

# A whole message to the catch-all domain is delivered to its Maildir.
s = session()
s.sendmail("probe@client.bk.test", ["hello@catchall.bk.test"],
           "Subject: target smoke test\r\n\r\nhello\r\n")
s.quit()
new = os.path.join(tdir, "mail", "catchall", "new")
for _ in range(50):
    if os.path.isdir(new) and os.listdir(new):
        break
    time.sleep(0.2)
files = os.listdir(new) if os.path.isdir(new) else []
ok = any("target smoke test" in open(os.path.join(new, f), errors="replace").read() for f in files)
print("postfix_target: %s catch-all delivery to the Maildir" % ("ok  " if ok else "FAIL"), file=sys.stderr)
fails += 0 if ok else 1
print("postfix_target: %d failed" % fails, file=sys.stderr)
sys.exit(1 if fails else 0)
PY
bk_log "all replies as expected"
