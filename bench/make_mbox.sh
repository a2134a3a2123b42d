#!/bin/bash
# make_mbox.sh - build a large mbox of real bounces for benchmarks.
#
# usage: bench/make_mbox.sh [-s SIZE_MB] [-o OUTFILE] [CORPUS_DIR]
#
# Concatenates the messages of CORPUS_DIR (default
# ../shared/corpus/sisimai/maildir/bsd) into mbox format: a "From " line
# before each message, mboxrd quoting of body lines that start with
# ">*From ", a blank line after each; then repeats that block until the
# file holds SIZE_MB megabytes (default 1024).  OUTFILE defaults to
# /tmp/bouncekit-bench-SIZE_MB.mbox (never inside the source tree).  An
# existing OUTFILE of at least that size is reused.  Prints the path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
size_mb=1024
out=
while getopts "s:o:" o; do
    case $o in
    s) size_mb=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-s SIZE_MB] [-o OUTFILE] [CORPUS_DIR]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
corpus=${1:-${BK_SHARED:-$here/../../shared}/corpus/sisimai/maildir/bsd}
[ -d "$corpus" ] || { echo "make_mbox: no corpus at $corpus" >&2; exit 77; }
out=${out:-/tmp/bouncekit-bench-$size_mb.mbox}
want=$((size_mb * 1024 * 1024))
if [ -f "$out" ] && [ "$(stat -c %s "$out")" -ge "$want" ]; then
    echo "$out"
    exit 0
fi
block=$(mktemp /tmp/bouncekit-mbox-block.XXXXXX)
trap 'rm -f "$block" "$out.tmp"' EXIT
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    printf 'From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n'
    # A message's own leading "From " line is replaced by ours; CR LF line
    # ends stay as they are (they are part of the corpus).
    sed -e '1{/^From /d}' -e 's/^\(>*From \)/>\1/' "$f"
    printf '\n'
done >"$block"
bsize=$(stat -c %s "$block")
[ "$bsize" -gt 0 ] || { echo "make_mbox: corpus $corpus is empty" >&2; exit 1; }
: >"$out.tmp"
have=0
while [ "$have" -lt "$want" ]; do
    cat "$block" >>"$out.tmp"
    have=$((have + bsize))
done
mv "$out.tmp" "$out"
echo "$out"
