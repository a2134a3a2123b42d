#!/bin/bash
# parse_errors.sh - a file that cannot be read is reported with the
# system's reason (not as an empty message), the run goes on with the
# other files, and the exit status is 1.
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
SRC=${BK_SRC:?BK_SRC must name the source tree}
T=$(mktemp -d /tmp/bk-parse-errors.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }

# as_user CMD...: run CMD as a user that file modes apply to.
if [ "$(id -u)" != 0 ]; then
    as_user() { "$@"; }
elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- "$B" --version >/dev/null 2>&1; then
    as_user() { runuser -u nobody -- "$@"; }
else
    echo "SKIP: running as root without runuser (or the tool is not reachable by nobody)"
    exit 0
fi

mkdir -p "$T/in"
msg=$(ls "$SRC"/tests/data/parse/*.eml | head -1)
cp "$msg" "$T/in/a.eml"
cp "$msg" "$T/in/b.eml"
cp "$msg" "$T/in/c.eml"
chmod 644 "$T/in/a.eml" "$T/in/c.eml"
chmod 000 "$T/in/b.eml"
chmod 755 "$T/in"
as_user "$B" parse -f csv "$T/in" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && ok "exit 1 when a file cannot be read" || bad "exit $rc (want 1)"
if grep -q "b.eml: Permission denied" "$T/err"; then
    ok "the unreadable file is reported with the system's reason"
else
    bad "stderr: $(cat "$T/err")"
fi
n_a=$(grep -c "/a.eml," "$T/out")
n_c=$(grep -c "/c.eml," "$T/out")
if [ "$n_a" -gt 0 ] && [ "$n_a" -eq "$n_c" ] && ! grep -q "/b.eml," "$T/out"; then
    ok "the other files are parsed ($n_a records each)"
else
    bad "records: a $n_a, c $n_c; output: $(head -c 300 "$T/out")"
fi
for j in 2; do
    as_user "$B" parse -j "$j" -f csv "$T/in" >"$T/out$j" 2>"$T/err$j"
    cmp -s "$T/out" "$T/out$j" && cmp -s "$T/err" "$T/err$j" && ok "the same with -j $j" ||
        bad "-j $j differs: $(cat "$T/err$j")"
done

[ "$fails" -eq 0 ] && echo "parse_errors: all passed" || echo "parse_errors: $fails failed"
exit $((fails > 0))
