#!/bin/bash
# Command-line behaviour of "bouncekit explain": JSON fields, the seed's
# verdicts, stdin joining, malformed inputs and exit statuses.
set -u
bk=${BOUNCEKIT:?BOUNCEKIT must point to the built tool}
fails=0; passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
expect_eq() { # label expected actual
    if [ "$2" == "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}
field() { # json key -> value (string, number, null, bool)
    python3 -c 'import json,sys; v=json.loads(sys.argv[1])[sys.argv[2]]; print("null" if v is None else (json.dumps(v) if isinstance(v,(list,dict,bool)) else v))' "$1" "$2"
}

gmail="550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces."
yahoo="554 delivery error: dd This user doesn't have a yahoo.com account"
ms="550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"

# The seed's three replies: userunknown, hard, suppress.
out=$("$bk" explain --json "$gmail" "$yahoo" "$ms"); rc=$?
expect_eq "seed exit" 0 "$rc"
expect_eq "seed lines" 3 "$(printf '%s\n' "$out" | wc -l)"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    expect_eq "seed $i reason" userunknown "$(field "$line" reason)"
    expect_eq "seed $i bounce" hard "$(field "$line" bounce)"
    expect_eq "seed $i decision" suppress "$(field "$line" decision)"
    expect_eq "seed $i class" permanent "$(field "$line" class)"
    keys=$(python3 -c 'import json,sys; print(",".join(json.loads(sys.argv[1]).keys()))' "$line")
    expect_eq "seed $i keys" "reply_code,status,class,subject,detail,reason,bounce,decision,provider,summary,causes,fixes" "$keys"
done <<< "$out"
line1=$(printf '%s\n' "$out" | sed -n 1p)
expect_eq "gmail status" 5.1.1 "$(field "$line1" status)"
expect_eq "gmail reply_code" 550 "$(field "$line1" reply_code)"
expect_eq "gmail provider" gmail "$(field "$line1" provider)"
line2=$(printf '%s\n' "$out" | sed -n 2p)
expect_eq "yahoo status" null "$(field "$line2" status)"
expect_eq "yahoo reply_code" 554 "$(field "$line2" reply_code)"
line3=$(printf '%s\n' "$out" | sed -n 3p)
expect_eq "microsoft status" 5.1.10 "$(field "$line3" status)"

# Code alone, and text alone.
line=$("$bk" explain --json 5.1.1)
expect_eq "5.1.1 reply_code" null "$(field "$line" reply_code)"
expect_eq "5.1.1 detail" "Bad destination mailbox address" "$(field "$line" detail)"
expect_eq "5.1.1 subject" "Addressing Status" "$(field "$line" subject)"
line=$("$bk" explain --json "Mailbox full")
expect_eq "text-only status" null "$(field "$line" status)"
expect_eq "text-only reply_code" null "$(field "$line" reply_code)"
expect_eq "text-only reason" mailboxfull "$(field "$line" reason)"
line=$("$bk" explain --json 4.1.1)
expect_eq "transient userunknown bounce" soft "$(field "$line" bounce)"
expect_eq "transient class" transient "$(field "$line" class)"
line=$("$bk" explain --json 5.1.99)
expect_eq "unregistered subject" "Addressing Status" "$(field "$line" subject)"
expect_eq "unregistered detail" null "$(field "$line" detail)"

# Standard input: continuation lines join into one reply.
out=$(printf '550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient'"'"'s email address for typos or\n550 5.1.1 unnecessary spaces.\n552 5.2.2 Mailbox full\n' | "$bk" explain --json -)
expect_eq "stdin objects" 2 "$(printf '%s\n' "$out" | wc -l)"
expect_eq "stdin first status" 5.1.1 "$(field "$(printf '%s\n' "$out" | sed -n 1p)" status)"
expect_eq "stdin second status" 5.2.2 "$(field "$(printf '%s\n' "$out" | sed -n 2p)" status)"

# Malformed inputs: error object in place, exit 2, others still explained.
for bad in "5..1" "5.1." "99999" "5.1.1.1" "" "   "; do
    out=$("$bk" explain --json "$bad" 5.2.2 2>/dev/null); rc=$?
    expect_eq "bad [$bad] exit" 2 "$rc"
    expect_eq "bad [$bad] lines" 2 "$(printf '%s\n' "$out" | wc -l)"
    first=$(printf '%s\n' "$out" | sed -n 1p)
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if "error" in d else 1)' "$first" && pass || fail "bad [$bad]: no error field: $first"
    expect_eq "bad [$bad] second ok" mailboxfull "$(field "$(printf '%s\n' "$out" | sed -n 2p)" reason)"
done
err=$("$bk" explain "5..1" 2>&1 >/dev/null); rc=$?
expect_eq "text bad exit" 2 "$rc"
case "$err" in *"malformed"*) pass ;; *) fail "no clear error message: $err" ;; esac
# Invalid UTF-8 and an input over 64 KiB.
out=$("$bk" explain --json "$(printf 'bad \xff\xfe utf8')" 2>/dev/null); rc=$?
expect_eq "utf8 exit" 2 "$rc"
case "$out" in *'"error":"input is not valid UTF-8"'*) pass ;; *) fail "utf8: $out" ;; esac
big=$(head -c 70000 /dev/zero | tr '\0' 'a')
out=$("$bk" explain --json "550 $big" 2>/dev/null); rc=$?
expect_eq "big exit" 2 "$rc"
case "$out" in *'"error":"input too large"'*) pass ;; *) fail "big: $(printf '%.100s' "$out")" ;; esac
# NUL bytes can only arrive through standard input.
out=$(printf '550 5.1.1 a\000b\n' | "$bk" explain --json - 2>/dev/null); rc=$?
expect_eq "nul exit" 2 "$rc"
case "$out" in *'"error"'*) pass ;; *) fail "nul: $out" ;; esac

# Options: --help, unknown option, -- ends options.
"$bk" explain --help | grep -q "usage: bouncekit explain" && pass || fail "--help"
"$bk" explain --bogus >/dev/null 2>&1; expect_eq "unknown option exit" 2 "$?"
"$bk" explain >/dev/null 2>&1; expect_eq "no input exit" 2 "$?"
line=$("$bk" explain --json -- "550 5.1.1 user unknown"); expect_eq "-- then input" userunknown "$(field "$line" reason)"

# --command: the SMTP command the reply answered decides generic words.
line=$("$bk" explain --json "550 Unknown user a@example.com")
expect_eq "no command: filtered" filtered "$(field "$line" reason)"
line=$("$bk" explain --json --command RCPT "550 Unknown user a@example.com")
expect_eq "--command RCPT" userunknown "$(field "$line" reason)"
expect_eq "--command RCPT bounce" hard "$(field "$line" bounce)"
line=$(echo "550 Unknown user a@example.com" | "$bk" explain --json -c mail -)
expect_eq "-c mail on stdin" rejected "$(field "$line" reason)"
line=$("$bk" explain --json -c RCPT "550 User unknown (in reply to end of DATA command)")
expect_eq "text's command wins" filtered "$(field "$line" reason)"
err=$("$bk" explain -c NOPE "550 x" 2>&1 >/dev/null); rc=$?
expect_eq "bad command exit" 2 "$rc"
case "$err" in *"unknown SMTP command 'NOPE'"*) pass ;; *) fail "bad command message: $err" ;; esac

# Human output names the verdict.
txt=$("$bk" explain "$gmail")
case "$txt" in *"reason:    userunknown"*"bounce:    hard"*"decision:  suppress"*) pass ;; *) fail "text output: $txt" ;; esac

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
