# shellcheck shell=bash
# postfix-smtp-target.sh - a real Postfix on loopback playing a receiving MX
# (sourced after common.sh and postfix.sh).
#
#   bk_smtp_target_start DIR [PORT]
#
# starts an instance named mx.bk.test on 127.0.0.1:PORT (a free port when
# none is given; BK_TARGET_PORT holds it) that
#   - accepts known@mx.bk.test and postmaster@mx.bk.test (Maildirs under
#     DIR/mail) and rejects other users of mx.bk.test with
#     550 5.1.1 ... User unknown in virtual mailbox table,
#   - answers full@mx.bk.test, a full mailbox, with
#     452 4.2.2 Mailbox full, quota exceeded,
#   - refuses blocked@mx.bk.test by local policy with
#     550 5.7.1 Recipient refused by local policy,
#   - accepts every local part of catchall.bk.test,
#   - accepts known@fallback.bk.test and known@closing.bk.test (the second
#     MX of those domains) and known@multiaddr.bk.test, and rejects their
#     other users,
#   - greylists greylist.bk.test: 450 4.7.1 on the first attempt of a
#     (client, sender, recipient) triplet, accepted once the triplet is
#     BK_GREYLIST_DELAY seconds old (default 2), by a policy service of
#     ours (greylist-policy.py) run through spawn(8),
#   - refuses messages over BK_TARGET_SIZE_LIMIT bytes (default 20000) with
#     552 5.3.4 Message size exceeds fixed limit,
#   - offers STARTTLS with a self-signed certificate made by openssl now,
#     and SMTPUTF8 (RFC 6531).
# It relays nothing and sends no mail itself.

BK_INTEG_LIB=${BK_INTEG_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

bk_smtp_target_start() {
    local dir=$1 port=${2:-}
    [ -n "$port" ] || port=$(bk_free_port)
    BK_TARGET_PORT=$port
    bk_postfix_new "$dir" mx.bk.test "$port"
    mkdir -p "$dir/tls" "$dir/greylist"
    chmod 1777 "$dir/greylist"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mx.bk.test" \
        -addext "subjectAltName=DNS:mx.bk.test" \
        -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" >/dev/null 2>&1 ||
        bk_fail "openssl could not make a test certificate"
    chmod 600 "$dir/tls/key.pem"
    # The policy script must be readable by the unprivileged spawn user.
    install -m 755 "$BK_INTEG_LIB/greylist-policy.py" "$dir/greylist-policy.py"
    # Mailboxes that exist but refuse mail, for address verification.
    cat >"$dir/etc/recipient-access" <<'MAP'
full@mx.bk.test     452 4.2.2 Mailbox full, quota exceeded
blocked@mx.bk.test  550 5.7.1 Recipient refused by local policy
MAP
    bk_postfix_conf "$dir" \
        "mydestination = localhost" \
        "mynetworks = 127.255.255.254/32" \
        "virtual_mailbox_domains = mx.bk.test, catchall.bk.test, greylist.bk.test, fallback.bk.test, closing.bk.test, multiaddr.bk.test" \
        "virtual_mailbox_maps = inline:{ known@mx.bk.test=known/, postmaster@mx.bk.test=postmaster/, full@mx.bk.test=full/, blocked@mx.bk.test=blocked/, @catchall.bk.test=catchall/, @greylist.bk.test=greylist/, known@fallback.bk.test=known/, known@closing.bk.test=known/, known@multiaddr.bk.test=known/ }" \
        "smtpd_reject_unlisted_recipient = yes" \
        "smtpd_restriction_classes = greylisting" \
        "greylisting = check_policy_service unix:private/greylist" \
        "smtpd_relay_restrictions = reject_unauth_destination" \
        "smtpd_recipient_restrictions = reject_unauth_destination, check_recipient_access inline:{ greylist.bk.test=greylisting }, check_recipient_access texthash:$dir/etc/recipient-access" \
        "message_size_limit = ${BK_TARGET_SIZE_LIMIT:-20000}" \
        "smtpd_tls_security_level = may" \
        "smtpd_tls_cert_file = $dir/tls/cert.pem" \
        "smtpd_tls_key_file = $dir/tls/key.pem" \
        "smtpd_tls_loglevel = 1" \
        "smtputf8_enable = yes" \
        "notify_classes ="
    bk_postfix_service "$dir" "greylist   unix  -       n       n       -       0       spawn user=nobody argv=/usr/bin/python3 $dir/greylist-policy.py $dir/greylist/state ${BK_GREYLIST_DELAY:-2}"
    bk_postfix_start "$dir"
}
