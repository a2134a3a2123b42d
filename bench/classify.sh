#!/bin/sh
# classify.sh [BUILD_DIR] - the reply classification benchmark:
# builds a file of 1,000,000 real replies and measures one thread.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$src/build"}
[ -x "$build/bench/bench_classify" ] || { echo "build first: scripts/build.sh $build -DCMAKE_BUILD_TYPE=Release" >&2; exit 1; }
file=${TMPDIR:-/tmp}/bouncekit-replies.txt
sh "$src/bench/make_replies.sh" "$file" 1000000
"$build/bench/bench_classify" "$file" 3
