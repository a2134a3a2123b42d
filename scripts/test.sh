#!/bin/sh
# test.sh - the second quick-start command and what CI runs: install the
# Debian packages, build everything with AddressSanitizer +
# UndefinedBehaviorSanitizer and -Werror, and run the whole test suite
# (unit tests, command-line tests, fuzz corpus replays, and the
# integration tests with real Postfix, Exim and DNS servers).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/scripts/install-deps.sh"
dir="$src/build-test"
"$src/scripts/build.sh" "$dir" -DCMAKE_BUILD_TYPE=Debug -DBK_SANITIZE=ON -DBK_WERROR=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$dir"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 900
