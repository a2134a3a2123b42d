#!/bin/sh
# make_replies.sh OUT [LINES] - build a large file of real SMTP replies for
# bench_classify: the replies of examples/replies.txt and, when the shared
# corpus is present beside the checkout, every Diagnostic-Code of its real
# bounces; repeated (shuffled) up to LINES lines (default 1,000,000).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: make_replies.sh OUT [LINES]}
lines=${2:-1000000}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
grep -v '^[0-9][0-9][0-9]-' "$src/examples/replies.txt" > "$tmp" || true
corpus="$src/../shared/corpus/sisimai/maildir/bsd"
if [ -d "$corpus" ]; then
    # Diagnostic-Code fields, unfolded, without the "smtp;" type.
    for f in "$corpus"/*.eml; do
        awk 'BEGIN{IGNORECASE=1}
             /^Diagnostic-Code:/ {d=$0; sub(/^[^:]*:[ \t]*/, "", d); sub(/^[A-Za-z-]+;[ \t]*/, "", d); getting=1; next}
             getting && /^[ \t]/ {s=$0; sub(/^[ \t]+/, " ", s); d=d s; next}
             getting {print d; getting=0}
             END{if (getting) print d}' "$f"
    done | tr -d '\r' | sed '/^[[:space:]]*$/d' >> "$tmp"
else
    echo "make_replies: ../shared/corpus not found; using examples/replies.txt only" >&2
fi
distinct=$(sort -u "$tmp" | wc -l)
python3 - "$tmp" "$out" "$lines" <<'PY'
import random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [l.rstrip("\n") for l in open(src, encoding="utf-8", errors="replace") if l.strip()]
rnd = random.Random(42)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(rows[rnd.randrange(len(rows))] + "\n")
PY
echo "make_replies: wrote $lines lines from $distinct distinct real replies to $out"
