#!/usr/bin/env bash
# bouncekit parse over a whole mailbox of ordinary mail and auto-replies
# (tests/data/parse/negatives, tests/data/parse/autoreply) written as one
# mbox, the way a user points it at a support or list-owner mailbox: the
# ordinary mail gives no record, each auto-reply one vacation record.
set -u
bk=${BOUNCEKIT:?built tool}
src=${BK_SRC:?source dir}
data=$src/tests/data/parse
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # name expected actual
    if [ "$2" != "$3" ]; then
        echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1
    fi
}

# mbox: "From " separator lines, body lines starting with "From " quoted
mbox() {
    for f in "$@"; do
        printf 'From sender@example.test Mon Mar  2 10:00:00 2026\n'
        sed 's/^From />From /' "$f"
        printf '\n'
    done
}
mbox "$data"/negatives/*.eml > "$tmp/negatives.mbox"
mbox "$data"/negatives/*.eml "$data"/autoreply/*.eml > "$tmp/mixed.mbox"
nauto=$(ls "$data"/autoreply/*.eml | wc -l)

out=$("$bk" parse -j 2 "$tmp/negatives.mbox")
check "records for ordinary mail" "" "$out"

out=$("$bk" parse --format jsonl "$tmp/mixed.mbox")
check "one record per auto-reply" "$nauto" "$(printf '%s\n' "$out" | grep -c .)"
summary=$(printf '%s\n' "$out" | python3 -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
print(sorted({(r['reason'], r['bounce'], r['action'], r['format']) for r in rows}))")
check "auto-replies are vacation, bounce none" "[('vacation', 'none', None, 'rfc3834')]" "$summary"

out=$("$bk" parse --failures-only "$tmp/mixed.mbox")
check "--failures-only on the mailbox" "" "$out"

exit $fail
