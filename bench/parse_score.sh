#!/usr/bin/env bash
# Score `bouncekit parse` against the development corpus.
# usage: bench/parse_score.sh [BOUNCEKIT] [extra score options...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
bk=${1:-$src/build/bouncekit}
shift || true
shared=${BK_SHARED:-$src/../shared}
corpus=$shared/corpus/sisimai
if [ ! -d "$corpus" ]; then
    echo "parse_score: $corpus not found; nothing to score" >&2
    exit 77
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bk" parse -j 2 "$corpus/maildir" | python3 "$here/parse_to_tsv.py" > "$tmp" || true
"$shared/tools/score" --truth "$corpus" "$tmp" "$@"
