#!/bin/sh
# build.sh [BUILD_DIR [CMAKE_ARGS...]] - configure and build bouncekit.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$src/build"}
[ $# -gt 0 ] && shift
gen=""
command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
# shellcheck disable=SC2086
cmake -S "$src" -B "$dir" $gen "$@" >/dev/null
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)"
