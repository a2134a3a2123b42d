#!/bin/bash
# make-example-bounces.sh - have real MTAs produce real bounce messages.
#
# usage: scripts/make-example-bounces.sh OUTDIR
#
# Starts a private Postfix (and Exim, OpenSMTPD, Sendmail and Courier,
# unpacked by scripts/fetch-mta.sh), a receiving Postfix and a DNS server,
# all on loopback in a network namespace of their own, sends mail that
# cannot be delivered (unknown user, unknown domain, message too big, a
# destination that never answers: delay warnings, then the queue lifetime
# runs out) and saves the bounces the MTAs return as OUTDIR/MTA-CASE.eml
# with an index OUTDIR/index.tsv.  Takes about a minute.  BK_BOUNCE_MTAS
# picks the MTAs ("postfix exim opensmtpd sendmail courier").
# Needs root and the packages of scripts/deps/integration.txt.
#
#   scripts/make-example-bounces.sh /tmp/bounces
#   bouncekit parse --format jsonl /tmp/bounces/*.eml
set -u
if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
case $out in /*) ;; *) out=$PWD/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
BK_SRC=${BK_SRC:-$(dirname "$here")}
lib=$BK_SRC/tests/integration/lib
BK_TEST_NAME=make-example-bounces
. "$lib/common.sh"
. "$lib/postfix.sh"
. "$lib/postfix-smtp-target.sh"
. "$lib/exim.sh"
. "$lib/opensmtpd.sh"
. "$lib/sendmail.sh"
. "$lib/courier.sh"
. "$lib/dns.sh"
. "$lib/bounces.sh"
[ "$(id -u)" = 0 ] || { echo "$0: needs root (it runs private MTA instances)" >&2; exit 1; }
bk_postfix_available || { echo "$0: postfix is not installed (scripts/install-deps.sh)" >&2; exit 1; }
# The MTAs are fetched now: the namespace the servers run in has no network.
if [ "${BK_ISOLATED:-0}" != 1 ]; then
    [ -n "${BK_EXIM:-}" ] || { bk_exim_find && export BK_EXIM; }
    [ -n "${BK_OPENSMTPD:-}" ] || { bk_opensmtpd_find && export BK_OPENSMTPD; }
    [ -n "${BK_SENDMAIL:-}" ] || { bk_sendmail_find && export BK_SENDMAIL; }
    [ -n "${BK_COURIER:-}" ] || { bk_courier_find && export BK_COURIER; }
fi
bk_isolate "$0" "$out"
export BK_SRC
bk_make_bounces "$out" || exit 1
echo "$(wc -l <"$out/index.tsv") bounces in $out:"
cat "$out/index.tsv"
echo "try: bouncekit parse --format table $out/*.eml"
