#!/usr/bin/env bash
# Throughput of `bouncekit parse`: messages/s and MB/s over a directory or
# an mbox, on 1 and 2 threads, and the peak memory (max RSS).
#
# usage: bench/parse_bench.sh [-b BOUNCEKIT] [-r ROUNDS] [PATH]
#   PATH defaults to an mbox built from the development corpus (repeated
#   ROUNDS times, default 20) under bench/out/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
bk=$src/build/bouncekit
rounds=20
while getopts "b:r:" o; do
    case $o in
    b) bk=$OPTARG ;;
    r) rounds=$OPTARG ;;
    *) echo "usage: $0 [-b BOUNCEKIT] [-r ROUNDS] [PATH]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
input=${1:-}
if [ -z "$input" ]; then
    corpus=${BK_SHARED:-$src/../shared}/corpus/sisimai/maildir
    [ -d "$corpus" ] || { echo "no PATH and no corpus at $corpus" >&2; exit 77; }
    mkdir -p "$src/bench/out"
    input=$src/bench/out/corpus.mbox
    if [ ! -s "$input" ]; then
        : > "$input.tmp"
        for r in $(seq 1 "$rounds"); do
            for f in "$corpus"/bsd/*.eml; do
                printf 'From bench@localhost Thu Jan  1 00:00:00 2026\n' >> "$input.tmp"
                # mboxrd quoting of body lines that look like separators
                sed -e '1{/^From /d}' -e 's/^\(>*From \)/>\1/' "$f" >> "$input.tmp"
                printf '\n' >> "$input.tmp"
            done
        done
        mv "$input.tmp" "$input"
    fi
fi
if [ -d "$input" ]; then
    bytes=$(find "$input" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
else
    bytes=$(stat -c %s "$input")
fi
for j in 1 2; do
    out=$(mktemp)
    /usr/bin/time -o "$out.time" -f '%e %M' "$bk" parse -j "$j" -f jsonl "$input" > "$out" 2>/dev/null || true
    stats=$(tail -1 "$out.time")
    secs=${stats% *}
    rss=${stats#* }
    msgs=$(python3 -c "
import json,sys
seen=set()
for l in open('$out'):
    r=json.loads(l); seen.add((r['source'], r.get('offset')))
print(len(seen))")
    recs=$(wc -l < "$out")
    if [ -d "$input" ]; then
        total=$(find "$input" -type f | wc -l)
    else
        total=$(grep -c '^From ' "$input" || true)
    fi
    python3 -c "
s=max($secs,0.001)
print('-j $j: %d messages (%d with records, %d records), %.1f MB in %.2f s: %.0f messages/s, %.1f MB/s, max RSS %.1f MB' % ($total, $msgs, $recs, $bytes/1e6, s, $total/s, $bytes/1e6/s, $rss/1024))"
    rm -f "$out" "$out.time"
done
