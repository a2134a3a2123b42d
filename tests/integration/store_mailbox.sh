#!/bin/bash
# store_mailbox.sh - bounces read from a real IMAP and POP3 server (a
# private Dovecot on loopback) by "bouncekit ingest imap://... pop3://...":
# each message is acknowledged on the server (IMAP: flagged, POP3: deleted)
# only after its events are committed; while the store cannot be written,
# nothing is acknowledged and a later run gets every message.
#
# Env: BOUNCEKIT (the tool), BK_SRC.  Skips (77) without root or Dovecot.
BK_TEST_NAME=store_mailbox
here=$(cd "$(dirname "$0")" && pwd)
BK_SRC=${BK_SRC:-$(cd "$here/../.." && pwd)}
export BK_SRC
. "$here/lib/common.sh"
: "${BOUNCEKIT:?BOUNCEKIT must name the built tool}"

[ "$(id -u)" = 0 ] || bk_skip "needs root to run a private Dovecot"
[ -x /usr/sbin/dovecot ] || bk_skip "dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d)"
id dovenull >/dev/null 2>&1 && id dovecot >/dev/null 2>&1 || bk_skip "the dovecot users are missing"
"$BOUNCEKIT" ingest imap://127.0.0.1:1/INBOX 2>&1 | grep -q "lacks" && bk_skip "built without libcurl"
bk_isolate "$0" "$@"
bk_tmpdir

D=$BK_TMP/dovecot
mkdir -p "$D/run" "$D/state" "$D/mail"
imap_port=$(bk_free_port)
pop_port=$(bk_free_port)
while [ "$pop_port" = "$imap_port" ]; do pop_port=$(bk_free_port); done
cat >"$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$D/mail/%u
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN $D/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$D/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $pop_port
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
printf 'imapuser:{PLAIN}imap-secret\npopuser:{PLAIN}pop-secret\n' >"$D/passwd"
chmod 644 "$D/passwd"
printf 'imap-secret\n' >"$BK_TMP/imap.pw"
printf 'pop-secret\n' >"$BK_TMP/pop.pw"

dsn() { # dsn RCPT STATUS MSGID: a DSN (RFC 3464) written for this test
    printf 'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: bounces@sender.example\r\n'
    printf 'Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-%s@mx.example.net>\r\n' "$3"
    printf 'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
    printf -- '--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n'
    printf -- '--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n'
    printf 'Final-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: %s\r\nDiagnostic-Code: smtp; 550 %s unknown user\r\n\r\n' "$1" "$2" "$2"
    printf -- '--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: news@sender.example\r\nTo: %s\r\nMessage-ID: <%s@sender.example>\r\n\r\n--B--\r\n' "$1" "$3"
}
deliver() { # deliver USER N RCPT STATUS MSGID: drop a message into USER's Maildir
    local md=$D/mail/$1
    mkdir -p "$md/new" "$md/cur" "$md/tmp"
    dsn "$3" "$4" "$5" >"$md/new/17000000$2.M1P1.test"
    chown -R nobody:nogroup "$D/mail"
}
deliver imapuser 01 imap1@example.org 5.1.1 i1
deliver imapuser 02 imap2@example.org 5.1.1 i2
deliver popuser 03 pop1@example.org 5.1.1 p1
deliver popuser 04 pop2@example.org 5.1.1 p2

/usr/sbin/dovecot -c "$D/dovecot.conf" || bk_fail "dovecot did not start"
bk_on_exit "/usr/bin/doveadm -c '$D/dovecot.conf' stop"
bk_wait_port "$imap_port" 20 && bk_wait_port "$pop_port" 20 || { cat "$D/dovecot.log" >&2; bk_fail "dovecot did not listen"; }

export BOUNCEKIT_DB=$BK_TMP/store/s.db
mkdir -p "$BK_TMP/store"
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
IMAP=imap://127.0.0.1:$imap_port/INBOX
POP=pop3://127.0.0.1:$pop_port/

# 1. the store is locked by another writer: the messages are fetched and
#    parsed, the commit fails, nothing is acknowledged
"$BOUNCEKIT" suppressions list >/dev/null # creates the store
python3 - "$BOUNCEKIT_DB" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
time.sleep(9)
PY
locker=$!
sleep 1
"$BOUNCEKIT" ingest -q --user imapuser --password-file "$BK_TMP/imap.pw" "$IMAP" 2>"$BK_TMP/err"
rc=$?
wait $locker
[ $rc = 75 ] && ok "IMAP: a busy store exits 75" || { bad "IMAP: a busy store exits 75 (got $rc)"; cat "$BK_TMP/err" >&2; }

# 2. IMAP: ingested, then flagged; a second run finds nothing new
"$BOUNCEKIT" ingest --json --user imapuser --password-file "$BK_TMP/imap.pw" "$IMAP" >"$BK_TMP/out" 2>"$BK_TMP/err"
rc=$?
grep -q '"events":2,' "$BK_TMP/out" && grep -q '"messages":2,' "$BK_TMP/out" && [ $rc = 0 ] &&
    ok "IMAP: both bounces ingested" || { bad "IMAP: both bounces ingested (exit $rc)"; cat "$BK_TMP/out" "$BK_TMP/err" "$D/dovecot.log" >&2; }
"$BOUNCEKIT" check -q imap1@example.org imap2@example.org
[ $? = 1 ] && ok "IMAP: the recipients are suppressed" || bad "IMAP: the recipients are suppressed"
"$BOUNCEKIT" ingest --json --user imapuser --password-file "$BK_TMP/imap.pw" "$IMAP" >"$BK_TMP/out" 2>&1
grep -q '"messages":0,' "$BK_TMP/out" && ok "IMAP: acknowledged messages are not read again" || { bad "IMAP: acknowledged messages are not read again"; cat "$BK_TMP/out" >&2; }
grep -l 'BouncekitDone' -r "$D/mail/imapuser" >/dev/null 2>&1 && ok "IMAP: the keyword is on the server" ||
    { ls -la "$D/mail/imapuser/cur" >&2; grep -q . "$D/mail/imapuser/dovecot-keywords" 2>/dev/null && ok "IMAP: the keyword is on the server" || bad "IMAP: the keyword is on the server"; }

# 3. POP3: ingested, then deleted
BOUNCEKIT_MAIL_PASSWORD=pop-secret "$BOUNCEKIT" ingest --json --user popuser "$POP" >"$BK_TMP/out" 2>"$BK_TMP/err"
rc=$?
grep -q '"events":2,' "$BK_TMP/out" && [ $rc = 0 ] && ok "POP3: both bounces ingested" || { bad "POP3: both bounces ingested (exit $rc)"; cat "$BK_TMP/out" "$BK_TMP/err" >&2; }
"$BOUNCEKIT" check -q pop1@example.org pop2@example.org
[ $? = 1 ] && ok "POP3: the recipients are suppressed" || bad "POP3: the recipients are suppressed"
left=$(find "$D/mail/popuser/new" "$D/mail/popuser/cur" -type f | wc -l)
[ "$left" = 0 ] && ok "POP3: committed messages are deleted" || bad "POP3: $left messages left on the server"

# 4. a wrong password is a temporary failure, not a crash
"$BOUNCEKIT" ingest -q --user popuser "$POP" 2>/dev/null
rc=$?
[ $rc = 75 ] && ok "a failed login exits 75" || bad "a failed login exits 75 (got $rc)"

echo "$((fails == 0 ? 1 : 0)) passed, $((fails > 0 ? 1 : 0)) failed"
[ $fails = 0 ]
