#!/bin/bash
# lazy_libs.sh - libraries loaded only by the commands that use them:
# libcurl when an IMAP or POP3 mailbox is opened, libssl (with libcrypto)
# when an SMTP probe starts, libmicrohttpd (with GnuTLS) when the server
# starts.  The tool needs none of them at start-up; when the
# libcurl found cannot serve (not a library, or without the functions
# used) the mailbox source fails with a message that names libcurl.so.4,
# and nothing else of the run is disturbed.  (The probe without a loadable
# libssl is tested against a real server in integration/verify_smtp.sh.)
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
T=$(mktemp -d /tmp/bk-lazy-libs.XXXXXX)
trap 'rm -rf "$T"' EXIT
export BOUNCEKIT_DB=$T/s.db BOUNCEKIT_POLICY= HOME=$T
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }

# 1. Start-up: libcurl, libssl, libcrypto (and the libraries under them)
# are not dependencies of the tool, nor loaded by a command without them.
if command -v readelf >/dev/null 2>&1; then
    needed=$(readelf -d "$B" | grep NEEDED)
    if echo "$needed" | grep -Eq 'libcurl|libssl|libcrypto|libmicrohttpd|libgnutls'; then
        bad "the tool is linked with: $(echo "$needed" | grep -E 'libcurl|libssl|libcrypto|libmicrohttpd|libgnutls')"
    else
        ok "libcurl, libssl, libcrypto, libmicrohttpd are not among the tool's NEEDED libraries"
    fi
else
    echo "skip - readelf is not installed (binutils)"
fi
msg=$(printf 'From: MAILER-DAEMON@example.org\nTo: a@example.net\nSubject: Undelivered Mail\n\nhello\n')
for cmd in "--version" "parse -" "explain 550 5.1.1" "check a@example.net"; do
    loaded=$(echo "$msg" | LD_DEBUG=libs "$B" $cmd 2>&1 >/dev/null |
        grep -Eo 'lib(curl|ssl|crypto|microhttpd|gnutls)\.so[.0-9]*' | sort -u | tr '\n' ' ')
    if [ -n "$loaded" ]; then
        bad "bouncekit $cmd loads $loaded"
    else
        ok "bouncekit $cmd loads none of libcurl, libssl, libcrypto, libmicrohttpd, GnuTLS"
    fi
done

# The server without a loadable libmicrohttpd.so.12 (an empty file of that
# name first on the library path): a clear error, exit 69, no server.
mkdir -p "$T/nomhd"
: >"$T/nomhd/libmicrohttpd.so.12"
LD_LIBRARY_PATH=$T/nomhd timeout 20 "$B" serve --listen 127.0.0.1:0 >"$T/out" 2>"$T/err" </dev/null
rc=$?
if grep -q "this build has no HTTP server" "$T/err"; then
    echo "skip - built without libmicrohttpd (no server)"
elif [ "$rc" -eq 69 ] && grep -q "needs libmicrohttpd.so.12, which could not be loaded" "$T/err"; then
    ok "serve without a loadable libmicrohttpd.so.12 exits 69 and names it"
else
    bad "serve without libmicrohttpd: exit $rc, stderr: $(cat "$T/err")"
fi

if "$B" ingest imap://127.0.0.1:1/INBOX 2>&1 | grep -q "lacks"; then
    echo "SKIP: built without libcurl's headers (IMAP and POP3 unavailable)"
    [ "$fails" -eq 0 ] && echo "lazy_libs: all passed" || echo "lazy_libs: $fails failed"
    exit $((fails > 0))
fi

# 2. A libcurl.so.4 that is not a library: the loader's reason is given.
mkdir -p "$T/short"
: >"$T/short/libcurl.so.4"
LD_LIBRARY_PATH=$T/short "$B" ingest "imap://127.0.0.1:1/INBOX" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "need libcurl.so.4, which could not be loaded" "$T/err"; then
    ok "an unloadable libcurl.so.4 is reported (exit $rc)"
else
    bad "unloadable libcurl.so.4: exit $rc, stderr: $(cat "$T/err")"
fi

# 3. A library of that name without the functions used (needs a compiler).
CC=${CC:-cc}
if command -v "$CC" >/dev/null 2>&1 &&
    echo 'int bk_not_curl;' | "$CC" -shared -fPIC -x c - -o "$T/libcurl.so.4" 2>/dev/null; then
    # A log line in the same run is still stored: only the mailbox fails.
    printf '%s\n' '2026-11-02T10:00:00Z mx postfix/smtp[1]: Q1: to=<gone@example.net>, relay=mx[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx said: 550 5.1.1 unknown user (in reply to RCPT TO command))' >"$T/mail.log"
    LD_LIBRARY_PATH=$T "$B" ingest "$T/mail.log" "pop3://127.0.0.1:1/" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -ne 0 ] && grep -q "need libcurl.so.4, which has no curl_easy_init" "$T/err"; then
        ok "a libcurl.so.4 without curl_easy_init is reported (exit $rc)"
    else
        bad "libcurl.so.4 without functions: exit $rc, stderr: $(cat "$T/err")"
    fi
    "$B" check gone@example.net >"$T/check" 2>&1
    if grep -q "gone@example.net: suppressed" "$T/check"; then
        ok "the log's hard bounce was stored beside the failed mailbox"
    else
        bad "the log's event is missing: $(cat "$T/check")"
    fi
else
    echo "skip - no C compiler for a stand-in libcurl.so.4"
fi

[ "$fails" -eq 0 ] && echo "lazy_libs: all passed" || echo "lazy_libs: $fails failed"
exit $((fails > 0))
