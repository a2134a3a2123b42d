#!/bin/bash
# verify.sh - "bouncekit verify" offline: output format, typos, lists, list
# mode (CSV and plain), resume, summary and exit codes.
set -u
: "${BOUNCEKIT:?}" "${BK_SRC:?}"
export BOUNCEKIT_DATA_DIR="$BK_SRC/data/verify"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# One JSON object per address, in input order, exact field names.
"$BOUNCEKIT" verify --offline --json jane@gmial.com 'jane@gmail,com' info@example.org \
    foo@mailinator.com 'not an address' >"$work/a.json"
rc=$?
[ $rc -eq 1 ] || bad "exit status $rc, expected 1 (some undeliverable)"
python3 - "$work/a.json" <<'PY' || fail=1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 5, len(rows)
keys = ["address", "normalized", "verdict", "reasons", "syntax", "suggestion", "domain",
        "disposable", "role", "free", "smtp"]
for r in rows:
    assert list(r.keys()) == keys, list(r.keys())
    assert list(r["syntax"].keys()) == ["valid", "category", "diagnosis", "smtputf8"]
    assert list(r["domain"].keys()) == ["exists", "mx", "null_mx", "implicit_mx"]
    assert r["smtp"] is None
a, b, c, d, e = rows
assert a["address"] == "jane@gmial.com" and a["verdict"] == "risky", a
assert a["suggestion"] == "jane@gmail.com" and "typo_suggested" in a["reasons"], a
assert b["verdict"] == "undeliverable" and b["suggestion"] == "jane@gmail.com", b
assert b["syntax"]["valid"] is False and b["syntax"]["category"] == "ERR", b
assert b["normalized"] is None, b
assert c["role"] is True and c["verdict"] == "risky" and "role" in c["reasons"], c
assert d["disposable"] is True and "disposable" in d["reasons"], d
assert e["verdict"] == "undeliverable" and e["reasons"][0] == "syntax_error", e
PY

# The issue's typo examples, through the tool.
while read -r typed want; do
    got=$("$BOUNCEKIT" verify --offline --json "jane@$typed" | python3 -c 'import json,sys; print(json.load(sys.stdin)["suggestion"])')
    [ "$got" = "jane@$want" ] || bad "jane@$typed: suggestion '$got', expected 'jane@$want'"
done <<'T'
gmial.com gmail.com
outlok.com outlook.com
yaho.com yahoo.com
gmailcom gmail.com
hotmail.con hotmail.com
gmail,com gmail.com
T
# Real providers near popular ones are left alone; a typo domain that is
# also in the disposable list is reported as a typo, not as disposable.
for real in ymail.com mail.com email.com gmx.at me.com mailw.com bt.com; do
    got=$("$BOUNCEKIT" verify --offline --json "jane@$real" | python3 -c 'import json,sys; print(json.load(sys.stdin)["suggestion"])')
    [ "$got" = "None" ] || bad "jane@$real: unexpected suggestion $got"
done
"$BOUNCEKIT" verify --offline --json jane@gmai.com | grep -q '"suggestion":"jane@gmail.com".*"disposable":false' ||
    bad "gmai.com: expected a typo suggestion and disposable false"
"$BOUNCEKIT" verify --offline --json jane@gmail.com | grep -q '"free":true' || bad "gmail.com is a free provider"

# Header injection: CR LF inside a quoted local part is never valid.
addr=$(printf '"a\r\nRCPT TO:<x@evil.com>"@example.com')
"$BOUNCEKIT" verify --offline --json --profile lenient -- "$addr" | grep -q '"verdict":"undeliverable","reasons":\["syntax_error"' ||
    bad "CR LF injection was not rejected"

# '--' ends the options: addresses may begin with '-'.
"$BOUNCEKIT" verify --offline --json -- -jane@example.org | grep -q '"address":"-jane@example.org","normalized":"-jane@example.org"' ||
    bad "-jane@example.org after --"

# Profiles.
"$BOUNCEKIT" verify --offline --json --profile strict '"jane"@example.org' | grep -q '"valid":false' || bad "strict accepted a quoted local part"
"$BOUNCEKIT" verify --offline --json '"jane doe"@example.org' | grep -q '"valid":true,"category":"RFC5321"' || bad "default rejected a quoted local part"
"$BOUNCEKIT" verify --offline --json --profile lenient '(c)jane@example.org' | grep -q '"normalized":"jane@example.org"' || bad "lenient CFWS"
"$BOUNCEKIT" verify --offline --profile loose x@example.org >/dev/null 2>&1; [ $? -eq 2 ] || bad "bad profile: exit status"

# Text output names the verdict and the suggestion.
"$BOUNCEKIT" verify --offline jane@gmial.com >"$work/t.txt"
grep -q "^jane@gmial.com: risky (typo_suggested, offline)" "$work/t.txt" || bad "text output: $(cat "$work/t.txt")"
grep -q "suggestion: jane@gmail.com" "$work/t.txt" || bad "text output has no suggestion"

# Usage errors.
"$BOUNCEKIT" verify >/dev/null 2>&1; [ $? -eq 2 ] || bad "no address: exit status"
"$BOUNCEKIT" verify --offline --smtp x@example.org >/dev/null 2>&1; [ $? -eq 2 ] || bad "--offline --smtp"
"$BOUNCEKIT" verify --help | grep -q -- "--input FILE" || bad "--help"

# List mode, CSV: any column order, RFC 4180 quoting, the email column
# found by name; the output keeps the input columns.
cat >"$work/in.csv" <<'CSV'
name,"Email",note
"Doe, Jane",jane@gmial.com,"said ""hi"""
Bob,bob@example.org,
"Multi
line",postmaster@example.org,x
Eve, eve@mailinator.com ,
CSV
"$BOUNCEKIT" verify --offline --input "$work/in.csv" --output "$work/out.csv" --no-progress 2>"$work/sum.txt"
python3 - "$work/out.csv" <<'PY' || fail=1
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["name", "Email", "note", "verdict", "reasons", "suggestion", "normalized"], rows[0]
assert rows[1][:3] == ["Doe, Jane", "jane@gmial.com", 'said "hi"'], rows[1]
assert rows[1][3] == "risky" and rows[1][5] == "jane@gmail.com", rows[1]
assert rows[2][3] == "unknown" and rows[2][6] == "bob@example.org", rows[2]
assert rows[3][0] == "Multi\nline" and rows[3][3] == "risky" and "role" in rows[3][4], rows[3]
assert rows[4][3] == "risky" and "disposable" in rows[4][4] and rows[4][6] == "eve@mailinator.com", rows[4]
assert len(rows) == 5
PY
grep -q "verified 4 addresses" "$work/sum.txt" || bad "summary: $(cat "$work/sum.txt")"
grep -q "gmial.com *-> gmail.com *1" "$work/sum.txt" || bad "summary lacks the correction"
grep -q "typo_suggested *1" "$work/sum.txt" || bad "summary lacks reason counts"
# --column picks another column; a missing column is a usage error.
printf 'a,b\nx@example.org,y@gmial.com\n' >"$work/two.csv"
"$BOUNCEKIT" verify --offline --json --input "$work/two.csv" --column b --no-progress 2>/dev/null | grep -q '"address":"y@gmial.com"' || bad "--column b"
"$BOUNCEKIT" verify --offline --input "$work/two.csv" --column zz --no-progress >/dev/null 2>&1; [ $? -eq 2 ] || bad "--column zz: exit status"
# --per-host takes 1..64 and is listed in --help.
for v in 0 65 x; do
    "$BOUNCEKIT" verify --offline --per-host "$v" a@example.org >/dev/null 2>&1; [ $? -eq 2 ] || bad "--per-host $v: exit status"
done
"$BOUNCEKIT" verify --offline --per-host 3 a@example.org >/dev/null 2>&1; [ $? -ne 2 ] || bad "--per-host 3 refused"
"$BOUNCEKIT" verify --help 2>&1 | grep -q -- "--per-host N" || bad "--help lacks --per-host"

# List mode, one address a line, JSON Lines, from stdin.
printf 'a@example.org\n\nb@gmial.com\n"q"@example.org\n' |
    "$BOUNCEKIT" verify --offline --json --input - --no-progress 2>/dev/null >"$work/plain.json"
[ "$(wc -l <"$work/plain.json")" -eq 3 ] || bad "plain list: $(cat "$work/plain.json")"
grep -q '"address":"\\"q\\"@example.org"' "$work/plain.json" || bad "plain list keeps quotes"

# Resume: a torn output is cut to its last complete record, and only the
# rest of the input is verified.
for i in $(seq 1 50); do echo "user$i@example.org"; done >"$work/fifty.txt"
"$BOUNCEKIT" verify --offline --input "$work/fifty.txt" --output "$work/full.csv" --no-progress 2>/dev/null
head -c 700 "$work/full.csv" >"$work/part.csv"   # an interrupted run
"$BOUNCEKIT" verify --offline --resume --input "$work/fifty.txt" --output "$work/part.csv" --no-progress 2>"$work/resume.txt"
cmp -s "$work/full.csv" "$work/part.csv" || bad "resumed CSV differs from a full run"
grep -q "already done before resuming" "$work/resume.txt" || bad "resume summary: $(cat "$work/resume.txt")"
"$BOUNCEKIT" verify --offline --json --input "$work/fifty.txt" --output "$work/full.json" --no-progress 2>/dev/null
head -c 1500 "$work/full.json" >"$work/part.json"
"$BOUNCEKIT" verify --offline --json --resume --input "$work/fifty.txt" --output "$work/part.json" --no-progress 2>/dev/null
cmp -s "$work/full.json" "$work/part.json" || bad "resumed JSON differs from a full run"

# A progress bar on a terminal (script(1) provides one), none otherwise.
if command -v script >/dev/null; then
    script -qec "'$BOUNCEKIT' verify --offline --input '$work/fifty.txt' --output '$work/tty.csv'" /dev/null >"$work/tty.txt" 2>&1
    grep -q "100%  50 addresses" "$work/tty.txt" || bad "no progress bar on a terminal: $(cat "$work/tty.txt")"
fi
"$BOUNCEKIT" verify --offline --input "$work/fifty.txt" --output "$work/notty.csv" 2>"$work/notty.txt"
grep -q "addresses  " "$work/notty.txt" && bad "progress bar without a terminal"

[ $fail -eq 0 ] && echo "verify: all checks passed"
exit $fail
