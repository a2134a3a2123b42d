#!/usr/bin/env bash
# bouncekit parse: inputs, formats, options, errors, ordering.
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
field() { python3 -c "import json,sys; print(' '.join(str(json.loads(l).get('$1')) for l in sys.stdin if l.strip()))"; }

# one file, JSON Lines with exactly the documented fields
out=$("$bk" parse "$data/dsn-two.eml")
check "dsn recipients" "nobody@dest.test slow@other.test" "$(echo "$out" | field recipient)"
check "dsn actions" "failed delayed" "$(echo "$out" | field action)"
keys=$(echo "$out" | head -1 | python3 -c "import json,sys; print(','.join(json.loads(sys.stdin.read()).keys()))")
check "json keys" "source,recipient,original_recipient,sender,action,status,reply_code,diagnostic,reason,bounce,decision,permanent,remote_mta,reporting_mta,smtp_command,date,message_id,subject,list_id,feedback_type,format" "$keys"
check "delayed never hard" "False" "$(echo "$out" | python3 -c "import json,sys; print(any(json.loads(l)['bounce']=='hard' and json.loads(l)['action']=='delayed' for l in sys.stdin))")"

# --header adds a returned-message header
out=$("$bk" parse --header X-Campaign-Id "$data/dsn-two.eml" | head -1)
check "--header" "spring-42" "$(echo "$out" | field X-Campaign-Id)"

# a directory: sources joined with the directory path, input order
mkdir -p "$tmp/dir/sub"
cp "$data/qmail-style.eml" "$tmp/dir/a.eml"
cp "$data/exim-style.eml" "$tmp/dir/sub/b.eml"
out=$("$bk" parse "$tmp/dir")
check "dir sources" "$tmp/dir/a.eml $tmp/dir/a.eml $tmp/dir/sub/b.eml" "$(echo "$out" | field source)"

# an mbox: offsets
out=$("$bk" parse "$data/two.mbox")
check "mbox offsets" "0 0 812" "$(echo "$out" | field offset)"

# standard input, CR-only line ends
out=$(tr '\n' '\r' < "$data/exim-style.eml" | "$bk" parse -)
check "stdin CR-only" "lost@dest.test 5.1.1" "$(echo "$out" | field recipient) $(echo "$out" | field status)"

# filters
out=$("$bk" parse --failures-only "$data/dsn-two.eml" "$data/vacation.eml" "$data/arf-two.eml")
check "--failures-only" "nobody@dest.test" "$(echo "$out" | field recipient)"
check "not a bounce" "" "$("$bk" parse "$data/ordinary.eml")"

# csv and tsv: a header row and one row per record
n=$("$bk" parse -f csv "$data/dsn-two.eml" | wc -l)
check "csv rows" "3" "$n"
hdr=$("$bk" parse -f tsv "$data/dsn-two.eml" | head -1 | cut -f1-3)
check "tsv header" "$(printf 'source\toffset\trecipient')" "$hdr"

# VERP
out=$("$bk" parse --verp 'bounces+{local}={domain}@sender.test' "$data/verp.eml")
check "verp" "kate@dest.test" "$(echo "$out" | field recipient)"

# errors: a bad file does not stop the batch; exit status 1
: > "$tmp/empty.eml"
out=$("$bk" parse "$tmp/empty.eml" "$tmp/missing.eml" "$data/exim-style.eml" 2>"$tmp/err")
rc=$?
check "exit status with failures" "1" "$rc"
check "batch goes on" "lost@dest.test" "$(echo "$out" | field recipient)"
grep -q "empty.eml: empty input" "$tmp/err" || { echo "FAIL empty error"; cat "$tmp/err"; fail=1; }
grep -q "missing.eml" "$tmp/err" || { echo "FAIL missing error"; fail=1; }
python3 - "$tmp/deep.eml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write('Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
PY
"$bk" parse "$tmp/deep.eml" >/dev/null 2>"$tmp/err"
check "deep nesting exit" "1" "$?"
grep -q "nesting" "$tmp/err" || { echo "FAIL nesting error"; cat "$tmp/err"; fail=1; }

# usage errors
"$bk" parse >/dev/null 2>&1; check "no input" "2" "$?"
"$bk" parse -f xml "$data/dsn-two.eml" >/dev/null 2>&1; check "bad format" "2" "$?"
"$bk" parse -j 0 "$data/dsn-two.eml" >/dev/null 2>&1; check "bad -j" "2" "$?"
"$bk" parse --help | grep -q "usage: bouncekit parse" || { echo "FAIL help"; fail=1; }

# -j 2 prints the same, in the same order, as one thread
for i in $(seq 1 40); do cp "$data/dsn-two.eml" "$tmp/dir/m$i.eml"; cp "$data/qmail-style.eml" "$tmp/dir/n$i.eml"; done
a=$("$bk" parse -j 1 "$tmp/dir" | md5sum)
b=$("$bk" parse -j 2 "$tmp/dir" | md5sum)
check "-j 2 order" "$a" "$b"

# the development corpus, when present: every expected bounce gives a
# record, CRLF and CR-only copies match the LF ones, non-bounces give none
corpus=${BK_SHARED:-$src/../shared}/corpus/sisimai
if [ -d "$corpus/maildir" ]; then
    "$bk" parse -j 2 "$corpus/maildir/not" > "$tmp/not.jsonl" 2>/dev/null
    python3 - "$tmp/not.jsonl" "$corpus/negatives.tsv" <<'PY' || fail=1
import json, sys
negs = [l.split("\t")[0] for l in open(sys.argv[2]).read().splitlines()[1:] if l]
got = [json.loads(l)["source"] for l in open(sys.argv[1]) if l.strip()]
bad = [g for g in got if any(g.endswith(n) for n in negs)]
if bad:
    print("FAIL records for non-bounces:", bad); sys.exit(1)
PY
    for set in dos mac; do
        for f in "$corpus/maildir/$set"/*.eml; do
            b=$(basename "$f")
            [ -f "$corpus/maildir/bsd/$b" ] || continue
            x=$("$bk" parse "$f" 2>/dev/null | python3 -c "import json,sys; print([ (r['recipient'],r['status'],r['action']) for r in map(json.loads, sys.stdin)])")
            y=$("$bk" parse "$corpus/maildir/bsd/$b" 2>/dev/null | python3 -c "import json,sys; print([ (r['recipient'],r['status'],r['action']) for r in map(json.loads, sys.stdin)])")
            [ "$x" = "$y" ] || { echo "FAIL $set/$b differs from bsd: $x vs $y"; fail=1; }
        done
    done
else
    echo "corpus not found at $corpus: corpus checks skipped"
fi

[ $fail = 0 ] && echo "parse: all checks passed"
exit $fail
