#!/bin/bash
# parse_vs_sisimai.sh - speed of `bouncekit parse` against Sisimai on the
# same bounces, in one run; then the peak memory of bouncekit parse on a
# large generated mbox.
#
# usage: bench/parse_vs_sisimai.sh [-b BOUNCEKIT] [-n ROUNDS] [-r REPEATS] [-m BIG_MB] [CORPUS]
#   BOUNCEKIT  the tool (default: build/bouncekit of this tree; use an
#              optimised build without sanitizers for figures)
#   ROUNDS     times the corpus is read by each tool (default 10)
#   REPEATS    runs of each measurement; the fastest (by wall clock) is
#              shown (default 1).  On a shared machine 3 or more give
#              steadier figures: a busy moment slows one run, not all.
#   BIG_MB     size of the generated mbox for the memory figure (default
#              1024; 0 skips it).  It is built by bench/make_mbox.sh in /tmp.
#   CORPUS     a directory of bounce messages or an mbox (default
#              ../shared/corpus/sisimai/maildir/bsd)
#
# Sisimai is Debian's libsisimai-perl (4.25), driven by bench/sisimai_make.pl
# (Sisimai->make on the same paths).  Both run single-threaded first (as
# Sisimai does); bouncekit is also shown with 2 threads.  Times are those of
# the whole process (start-up included) measured by /usr/bin/time: wall
# clock, and CPU (user + system), which a busy machine disturbs less; the
# rates are per wall-clock second.  A row for reading the input without
# parsing it (cat) shows the floor the machine's file I/O sets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
bk=${BOUNCEKIT:-$src/build/bouncekit}
rounds=10
repeats=1
big_mb=1024
while getopts "b:n:r:m:" o; do
    case $o in
    b) bk=$OPTARG ;;
    n) rounds=$OPTARG ;;
    r) repeats=$OPTARG ;;
    m) big_mb=$OPTARG ;;
    *) echo "usage: $0 [-b BOUNCEKIT] [-n ROUNDS] [-r REPEATS] [-m BIG_MB] [CORPUS]" >&2; exit 2 ;;
    esac
done
case $repeats in '' | *[!0-9]* | 0) echo "$0: -r needs a positive number" >&2; exit 2 ;; esac
shift $((OPTIND - 1))
corpus=${1:-${BK_SHARED:-$src/../shared}/corpus/sisimai/maildir/bsd}

skip() { echo "parse_vs_sisimai: SKIP: $*" >&2; exit 77; }
[ -e "$corpus" ] || skip "no corpus at $corpus"
[ -x "$bk" ] || skip "no bouncekit at $bk (build it, or give -b)"
"$bk" parse --help >/dev/null 2>&1 || skip "$bk has no 'parse' subcommand"
perl -MSisimai -e 1 2>/dev/null || skip "Sisimai is not installed (apt-get install libsisimai-perl)"
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (apt-get install time)"

tmp=$(mktemp -d /tmp/bk-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Input size: messages and bytes of one round.
if [ -d "$corpus" ]; then
    msgs=$(find "$corpus" -type f | wc -l)
    bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
else
    msgs=$(grep -c '^From ' "$corpus" || true)
    [ "$msgs" -gt 0 ] || msgs=1
    bytes=$(stat -c %s "$corpus")
fi
paths=()
for ((i = 0; i < rounds; i++)); do paths+=("$corpus"); done

# run NAME OUTFILE COMMAND...: time one command (REPEATS times, keeping
# the fastest run's figures and output); sets secs, cpu and rss (KiB).
run() {
    local name=$1 outf=$2 u s k best= bs bc br; shift 2
    for ((k = 0; k < repeats; k++)); do
        /usr/bin/time -o "$tmp/$name.time" -f '%e %U %S %M' "$@" >"$outf.run" 2>"$tmp/$name.err" || {
            echo "parse_vs_sisimai: $name failed:" >&2
            cat "$tmp/$name.err" >&2
            exit 1
        }
        read -r secs u s rss <"$tmp/$name.time"
        cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
        if [ -z "$best" ] || awk -v a="$secs" -v b="$bs" 'BEGIN {exit !(a < b)}'; then
            best=1 bs=$secs bc=$cpu br=$rss
            mv "$outf.run" "$outf"
        fi
    done
    rm -f "$outf.run"
    secs=$bs cpu=$bc rss=$br
}
row() {   # row TOOL RECORDS SECONDS CPU RSS_KIB
    awk -v t="$1" -v r="$2" -v s="$3" -v c="$4" -v k="$5" -v m="$((msgs * rounds))" -v b="$((bytes * rounds))" 'BEGIN {
        if (s < 0.001) s = 0.001
        printf "%-22s %9d %9d %8.2f %8.2f %11.0f %8.2f %8.1f\n", t, m, r, s, c, m / s, b / s / 1048576, k / 1024 }'
}

echo "corpus: $corpus ($msgs messages, $(awk -v b="$bytes" 'BEGIN {printf "%.2f", b / 1048576}') MB), $rounds rounds, best of $repeats run(s)"
echo "bouncekit: $bk ($("$bk" --version 2>/dev/null || echo '?'))"
echo "sisimai: $(perl -MSisimai -e 'print $Sisimai::VERSION')"
printf '%-22s %9s %9s %8s %8s %11s %8s %8s\n' tool messages records wall-s cpu-s messages/s MB/s "RSS MB"

run bk1 "$tmp/bk1.jsonl" "$bk" parse -j 1 -f jsonl "${paths[@]}"
bk1_secs=$secs bk1_cpu=$cpu
row "bouncekit parse -j1" "$(wc -l <"$tmp/bk1.jsonl")" "$secs" "$cpu" "$rss"
run bk2 "$tmp/bk2.jsonl" "$bk" parse -j 2 -f jsonl "${paths[@]}"
row "bouncekit parse -j2" "$(wc -l <"$tmp/bk2.jsonl")" "$secs" "$cpu" "$rss"
run sis "$tmp/sis.out" perl "$here/sisimai_make.pl" -n "$rounds" "$corpus"
sis_secs=$secs sis_cpu=$cpu
sis_records=$(sed -n 's/.*records=\([0-9]*\).*/\1/p' "$tmp/sis.out")
sis_inner=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$tmp/sis.out")
row "Sisimai->make" "$sis_records" "$secs" "$cpu" "$rss"
# The floor: reading the same files into memory (open, fstat, read, close,
# as the parser's command does) without parsing them.  No parser on one
# thread can beat it.
reader=$(dirname "$bk")/bench/bench_read
[ -x "$reader" ] || reader=$src/build/bench/bench_read
read_secs=
if [ -x "$reader" ]; then
    run read "$tmp/read.out" "$reader" "${paths[@]}"
    read_secs=$secs
    row "reading alone" 0 "$secs" "$cpu" "$rss"
fi
awk -v a="$sis_secs" -v b="$bk1_secs" -v c="$sis_cpu" -v d="$bk1_cpu" -v e="$sis_inner" 'BEGIN {
    if (b < 0.001) b = 0.001
    if (d < 0.01) d = 0.01
    printf "ratio (single thread): bouncekit parse is %.1fx as fast as Sisimai by wall clock, %.1fx by CPU time", a / b, c / d
    printf " (Sisimai->make alone: %.2f s wall)\n", e }'
[ -z "$read_secs" ] || awk -v a="$sis_secs" -v r="$read_secs" 'BEGIN {
    if (r < 0.001) r = 0.001
    printf "reading the input alone takes %.3f s: no single-threaded parser can be more than %.0fx as fast as Sisimai here\n", r, a / r }'

[ "$big_mb" -gt 0 ] 2>/dev/null || exit 0
mbox=$("$here/make_mbox.sh" -s "$big_mb" "$([ -d "$corpus" ] && echo "$corpus" || dirname "$corpus")")
mbytes=$(stat -c %s "$mbox")
/usr/bin/time -v "$bk" parse -j 1 -f jsonl "$mbox" 2>"$tmp/big.time" | wc -l >"$tmp/big.count"
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/big.time")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/big.time")
echo "large mbox: $mbox ($(awk -v b="$mbytes" 'BEGIN {printf "%.0f", b / 1048576}') MB, $(grep -c '^From ' "$mbox") messages)"
echo "  bouncekit parse -j1: $(cat "$tmp/big.count") records in $wall, peak RSS $(awk -v k="$peak" 'BEGIN {printf "%.1f", k / 1024}') MB"
