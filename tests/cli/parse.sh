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
: > "$tmp/dir/.hidden"
mkdir -p "$tmp/dir/.Folder/cur"
cp "$data/vacation.eml" "$tmp/dir/.Folder/cur/c.eml"
out=$("$bk" parse "$tmp/dir")
check "dir sources" "$tmp/dir/.Folder/cur/c.eml $tmp/dir/a.eml $tmp/dir/a.eml $tmp/dir/sub/b.eml" "$(echo "$out" | field source)"
rm -rf "$tmp/dir/.Folder" "$tmp/dir/.hidden"

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

# the table: one line per record under a header
tbl=$("$bk" parse -f table "$data/dsn-two.eml")
check "table rows" "3" "$(echo "$tbl" | wc -l)"
check "table code" "550" "$(echo "$tbl" | sed -n 2p | awk '{print $4}')"
check "table source last" "$data/dsn-two.eml" "$(echo "$tbl" | sed -n 2p | awk '{print $NF}')"

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
# With workers, the files of a directory are read by them: an mbox among
# them (small, or over 1 MiB and read message by message), a message that
# fails inside it, an empty file and a subdirectory give the same records
# and the same errors, in the same order, as one thread.
mkdir -p "$tmp/jdir/sub"
{
    for m in dsn-two qmail-style; do echo "From MAILER-DAEMON Sat Nov 28 07:00:00 2026"; cat "$data/$m.eml"; echo; done
    echo "From MAILER-DAEMON Sat Nov 28 07:00:00 2026"; cat "$tmp/deep.eml"; echo
    echo "From MAILER-DAEMON Sat Nov 28 07:00:00 2026"; cat "$data/dsn-two.eml"; echo
} > "$tmp/jdir/a.mbox"
for i in $(seq 1 300); do cat "$tmp/jdir/a.mbox"; done > "$tmp/jdir/sub/big.mbox"
: > "$tmp/jdir/sub/empty.eml"
cp "$data/qmail-style.eml" "$tmp/jdir/b.eml"
"$bk" parse -j 1 -f csv "$tmp/jdir" > "$tmp/j1.out" 2> "$tmp/j1.err"; r1=$?
"$bk" parse -j 2 -f csv "$tmp/jdir" > "$tmp/j2.out" 2> "$tmp/j2.err"; r2=$?
check "-j 2 exit with failures" "$r1" "$r2"
check "-j 2 mbox records" "$(md5sum < "$tmp/j1.out")" "$(md5sum < "$tmp/j2.out")"
check "-j 2 mbox errors" "$(md5sum < "$tmp/j1.err")" "$(md5sum < "$tmp/j2.err")"
[ "$(stat -c %s "$tmp/jdir/sub/big.mbox")" -gt 1048576 ] || { echo "FAIL big.mbox is not over 1 MiB"; fail=1; }
grep -q "a.mbox (offset [0-9]*): .*nesting" "$tmp/j2.err" || { echo "FAIL nesting in mbox"; cat "$tmp/j2.err"; fail=1; }

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
    "$bk" parse -j 2 "$corpus/maildir/bsd" > "$tmp/bsd.jsonl" 2>/dev/null
    for set in dos mac; do
        "$bk" parse -j 2 "$corpus/maildir/$set" > "$tmp/$set.jsonl" 2>/dev/null
        python3 - "$tmp/bsd.jsonl" "$tmp/$set.jsonl" "$corpus/maildir" "$set" <<'PY' || fail=1
import json, os, sys, collections
def load(path):
    out = collections.defaultdict(list)
    for l in open(path):
        r = json.loads(l)
        out[os.path.basename(r["source"])].append((r["recipient"], r["status"], r["action"], r["reason"]))
    return out
bsd, other = load(sys.argv[1]), load(sys.argv[2])
bad = 0
for name in sorted(os.listdir(os.path.join(sys.argv[3], sys.argv[4]))):
    if not os.path.exists(os.path.join(sys.argv[3], "bsd", name)):
        continue
    if bsd.get(name, []) != other.get(name, []):
        print("FAIL %s/%s differs from bsd: %s vs %s" % (sys.argv[4], name, other.get(name), bsd.get(name)))
        bad = 1
sys.exit(bad)
PY
    done
    # accuracy floor on what the parser itself decides (recipients and
    # status codes; reasons belong to the shared rule table)
    score=${BK_SHARED:-$src/../shared}/tools/score
    if [ -x "$score" ]; then
        "$bk" parse -j 2 "$corpus/maildir" 2>/dev/null | python3 "$src/bench/parse_to_tsv.py" > "$tmp/res.tsv"
        "$score" --truth "$corpus" --json "$tmp/res.tsv" > "$tmp/score.json" 2>/dev/null
        python3 - "$tmp/score.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
o = d.get("overall", d)
def get(k):
    for key in (k, k + "_pct"):
        if key in o:
            return float(o[key])
    return None
bad = []
for k, floor in (("recipient", 99.0), ("status", 98.5)):
    v = get(k)
    if v is None:
        print("score output lacks", k, "; keys:", list(o)[:20]); sys.exit(1)
    if v < floor:
        bad.append("%s %.1f < %.1f" % (k, v, floor))
if bad:
    print("FAIL corpus accuracy:", ", ".join(bad)); sys.exit(1)
PY
    fi
else
    echo "corpus not found at $corpus: corpus checks skipped"
fi

[ $fail = 0 ] && echo "parse: all checks passed"
exit $fail
