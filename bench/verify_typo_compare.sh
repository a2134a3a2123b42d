#!/bin/bash
# verify_typo_compare.sh - bouncekit's typo suggester against mailcheck
# (npm package "mailcheck", run with node) on the same list, in one run:
# speed, corrections of real typos, and false suggestions on real domains.
#
#   bench/verify_typo_compare.sh [BUILD_DIR] [REPEAT]   (default build, 2000)
#
# Needs node and npm (mailcheck is installed into BUILD_DIR/bench-node).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
repeat=${2:-2000}
list=$src/bench/verify_typo_domains.tsv
nm=$build/bench-node
if [ ! -d "$nm/node_modules/mailcheck" ]; then
    mkdir -p "$nm"
    (cd "$nm" && npm install --silent --no-audit --no-fund mailcheck@1.1.1 >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/bench_typo" "$list" "$repeat" >"$work/bk.tsv" 2>"$work/bk.time"
NODE_PATH=$nm/node_modules node "$src/bench/verify_typo_mailcheck.js" "$list" "$repeat" \
    >"$work/mc.tsv" 2>"$work/mc.time"
cat "$work/bk.time" "$work/mc.time"
python3 - "$list" "$work/bk.tsv" "$work/mc.tsv" <<'PY'
import sys
truth = {}
for l in open(sys.argv[1]):
    if l.startswith("#") or not l.strip():
        continue
    d, want = l.rstrip("\n").split("\t")
    truth[d] = want
def score(path, name):
    got = dict(l.rstrip("\n").split("\t") for l in open(path))
    typos = [d for d, w in truth.items() if w != "-"]
    real = [d for d, w in truth.items() if w == "-"]
    right = sum(got[d] == truth[d] for d in typos)
    wrong = [d for d in typos if got[d] not in ("-", truth[d])]
    missed = [d for d in typos if got[d] == "-"]
    false = [(d, got[d]) for d in real if got[d] != "-"]
    print(f"{name}: typos corrected {right}/{len(typos)}, wrong {len(wrong)}, missed {len(missed)}; "
          f"false suggestions on real domains {len(false)}/{len(real)}")
    if false:
        print("   false: " + ", ".join(f"{d}->{s}" for d, s in false))
    if missed or wrong:
        print("   missed/wrong: " + ", ".join(f"{d}->{got[d]}" for d in missed + wrong))
score(sys.argv[2], "bouncekit")
score(sys.argv[3], "mailcheck")
PY
