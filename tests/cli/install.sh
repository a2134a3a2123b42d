#!/bin/bash
# The library installs with its header, pkg-config file and man pages, and
# a program built against the installed copy through pkg-config works.
set -u
build=${BK_BUILD:?}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
for f in include/bouncekit.h bin/bouncekit share/man/man1/bouncekit.1 share/man/man1/bouncekit-explain.1; do
    [ -e "$prefix/$f" ] || fail "missing $f"
done
pc=$(find "$prefix" -name bouncekit.pc | head -1)
[ -n "$pc" ] || { echo "FAIL: no bouncekit.pc"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
ls "$libdir"/libbouncekit.so* >/dev/null 2>&1 || fail "no shared library in $libdir"
[ -e "$libdir/libbouncekit.a" ] || fail "no static library in $libdir"
san=""
grep -q '^BK_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && san="-fsanitize=address,undefined"
cat > "$prefix/t.c" <<'C'
#include <bouncekit.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    const char *reply = "550 5.1.1 <jane@example.org>: Recipient address rejected: User unknown";
    bk_reply_info r;
    if (bk_reply_classify(reply, strlen(reply), &r) != BK_OK)
        return 1;
    printf("%s %s %s %s\n", bk_version(), r.status_text, bk_reason_name(r.reason),
           bk_decision_name(r.decision));
    return 0;
}
C
export PKG_CONFIG_PATH="$(dirname "$pc")"
cc $san $(pkg-config --cflags bouncekit) -o "$prefix/t" "$prefix/t.c" $(pkg-config --libs bouncekit) \
    -Wl,-rpath,"$libdir" || { echo "FAIL: compile against installed library"; exit 1; }
out=$("$prefix/t")
[ "$out" == "0.1.0 5.1.1 userunknown suppress" ] || fail "program output: $out"
[ "$(pkg-config --modversion bouncekit)" == "0.1.0" ] || fail "pkg-config version"
if [ $fails -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
