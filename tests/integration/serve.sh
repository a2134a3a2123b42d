#!/bin/bash
# serve.sh - "bouncekit serve" end to end: the real server on a free
# loopback port with a temporary store, driven with curl through every
# endpoint; answers compared with the CLI's on the same inputs (explain,
# parse, verify, ingest, check, suppressions list); errors (bad JSON, wrong
# method, unknown path, media type, too big a body, missing token);
# idempotent webhooks; a clean stop on SIGTERM with a request in flight.
set -u
B=${BOUNCEKIT:?BOUNCEKIT must name the built tool}
SRC=${BK_SRC:?}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
T=$(mktemp -d /tmp/bk-serve.XXXXXX)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T BOUNCEKIT_POLICY= BOUNCEKIT_DB=$T/unused.db
DB=$T/serve.db
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
expect_eq() { # expect_eq NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1"; printf '    expected: %s\n    actual:   %s\n' "$2" "$3"; fi
}
# js FILE EXPR: a Python expression over the JSON document d in FILE
js() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print(json.dumps(v) if not isinstance(v,str) else v)' "$@"; }
# same_json NAME A B [KEYS-TO-DROP...]: two JSON documents are equal
same_json() {
    local name=$1 a=$2 b=$3; shift 3
    if python3 - "$a" "$b" "$@" <<'EOF'
import json, sys
def load(p):
    with open(p) as f:
        t = f.read().strip()
    return [json.loads(l) for l in t.splitlines()] if t.count("\n") and not t.startswith("{\"records\"") else json.loads(t)
a, b = load(sys.argv[1]), load(sys.argv[2])
drop = set(sys.argv[3:])
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in drop}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
sys.exit(0 if strip(a) == strip(b) else 1)
EOF
    then ok "$name"; else bad "$name"; echo "    server: $(head -c 400 "$a")"; echo "    cli:    $(head -c 400 "$b")"; fi
}

TOKEN=serve-test-token-$$-$RANDOM$RANDOM
printf '%s\n' "$TOKEN" >"$T/token"

# start_server ARGS...: start on port 0 and read the port from the log
start_server() {
    : >"$T/server.log"
    "$B" serve --listen 127.0.0.1:0 --store "$DB" --token-file "$T/token" --threads 2 \
        --max-body 64K "$@" 2>"$T/server.log" &
    PID=$!
    local i
    for i in $(seq 100); do
        PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/server.log")
        [ -n "$PORT" ] && break
        if ! kill -0 "$PID" 2>/dev/null; then
            if grep -q "no HTTP server" "$T/server.log"; then echo "SKIP: built without libmicrohttpd"; exit 77; fi
            cat "$T/server.log"; echo "not ok - the server did not start"; exit 1
        fi
        sleep 0.1
    done
    [ -n "$PORT" ] || { cat "$T/server.log"; echo "not ok - no port in the log"; exit 1; }
    U=http://127.0.0.1:$PORT
}

# req METHOD PATH [CURL ARGS...]: answer in $T/body, headers in $T/hdr, status in $CODE
req() {
    local m=$1 p=$2; shift 2
    CODE=$(curl -sS -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" \
        -H "Authorization: Bearer $TOKEN" "$@" "$U$p")
}
expect_code() { # expect_code NAME WANT [ERROR-WORD]
    if [ "$CODE" = "$2" ] && { [ $# -lt 3 ] || [ "$(js "$T/body" 'd["error"]')" = "$3" ]; }; then
        ok "$1"
    else
        bad "$1 (HTTP $CODE, wanted $2${3:+ $3})"; head -c 300 "$T/body" | sed 's/^/    /'; echo
    fi
}

start_server

# --- health, token ---------------------------------------------------------
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' "$U/healthz")
expect_code "GET /healthz needs no token" 200
expect_eq "healthz says ok" ok "$(js "$T/body" 'd["status"]')"
CODE=$(curl -sS -o "$T/body" -D "$T/hdr" -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary '550 5.1.1 x' "$U/v1/explain")
expect_code "no token: 401" 401 unauthorized
grep -qi '^WWW-Authenticate: Bearer' "$T/hdr" && ok "401 names the Bearer scheme" || bad "401 without WWW-Authenticate"
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer wrong-$TOKEN" "$U/v1/check?address=a@example.com")
expect_code "wrong token: 401" 401 unauthorized
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer ${TOKEN%?}" "$U/v1/check?address=a@example.com")
expect_code "a prefix of the token: 401" 401 unauthorized
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' -u "sns:$TOKEN" "$U/v1/check?address=a@example.com")
expect_code "Basic authentication with the token as password" 200
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' -u "$TOKEN:x" "$U/v1/check?address=a@example.com")
expect_code "Basic authentication with the token as user name: 401" 401 unauthorized
CODE=$(curl -sS -o /dev/null -w '%{http_code}' -I "$U/healthz")
expect_code "HEAD /healthz" 200

# --- explain: the same answer as "bouncekit explain --json" -----------------
REPLY='550-5.1.1 The email account that you tried to reach does not exist. Please try
550 5.1.1 double-checking the recipient'"'"'s email address for typos or unnecessary spaces.'
req POST /v1/explain -H 'Content-Type: text/plain' --data-binary "$REPLY"
expect_code "explain a text reply" 200
"$B" explain --json "$REPLY" >"$T/cli.json"
same_json "explain = explain --json" "$T/body" "$T/cli.json"
printf '{"reply":"550 user unknown","command":"DATA"}' >"$T/explain.json"
req POST /v1/explain -H 'Content-Type: application/json' --data-binary @"$T/explain.json"
expect_code "explain a JSON request" 200
"$B" explain --json --command DATA "550 user unknown" >"$T/cli.json"
same_json "explain with command = explain --json --command" "$T/body" "$T/cli.json"
expect_eq "DATA makes user unknown a filter" filtered "$(js "$T/body" 'd["reason"]')"
req POST /v1/explain -H 'Content-Type: application/json' --data-binary '{"reply":"550 user unknown","command":"RCPT"}'
expect_eq "RCPT makes it userunknown" userunknown "$(js "$T/body" 'd["reason"]')"
req POST /v1/explain --data-binary '{"reply": "452 4.2.2 Mailbox full"}' -H 'Content-Type:'
expect_eq "JSON sniffed without a Content-Type" mailboxfull "$(js "$T/body" 'd["reason"]')"
req POST /v1/explain -H 'Content-Type: application/json' --data-binary '{"reply": "550 5.1.1",'
expect_code "bad JSON: 400" 400 bad_json
req POST /v1/explain -H 'Content-Type: application/json' --data-binary '["550 5.1.1"]'
expect_code "JSON that is no object: 400" 400 bad_json
req POST /v1/explain -H 'Content-Type: application/json' --data-binary '{"reply": 550}'
expect_code "reply of the wrong type: 400" 400 bad_request
req POST /v1/explain -H 'Content-Type: application/json' --data-binary '{"reply":"550 x","command":"FETCH"}'
expect_code "unknown SMTP command: 400" 400 bad_request
req POST /v1/explain -H 'Content-Type: text/plain' --data-binary '5..1'
expect_code "malformed code: 400" 400 bad_reply
req POST /v1/explain -H 'Content-Type: text/plain' --data-binary ''
expect_code "empty reply: 400" 400 bad_reply
req GET /v1/explain
expect_code "GET /v1/explain: 405" 405 method_not_allowed
grep -qi '^Allow: POST' "$T/hdr" && ok "405 has Allow: POST" || bad "405 without Allow"
req PUT /v1/suppressions
expect_code "PUT /v1/suppressions: 405" 405 method_not_allowed
grep -qi '^Allow: GET, HEAD, POST' "$T/hdr" && ok "405 lists GET, HEAD, POST" || bad "405 Allow for suppressions"
req GET /v2/nothing
expect_code "unknown path: 404" 404 not_found
req POST /v1/webhooks/mandrill -H 'Content-Type: application/json' --data-binary '{}'
expect_code "unknown ESP: 404" 404 not_found
req POST /v1/explain -H 'Content-Type: application/xml' --data-binary '<reply/>'
expect_code "wrong media type: 415" 415 unsupported_media_type
req POST /v1/webhooks/mailgun -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'event=bounced'
expect_code "form-encoded webhook: 415" 415 unsupported_media_type

# --- body limit -------------------------------------------------------------
head -c 70000 /dev/zero | tr '\0' 'x' >"$T/big"
req POST /v1/parse -H 'Content-Type: message/rfc822' --data-binary @"$T/big"
expect_code "a body over --max-body: 413" 413 payload_too_large
req POST /v1/parse -H 'Content-Type: message/rfc822' -H 'Transfer-Encoding: chunked' --data-binary @"$T/big"
expect_code "a chunked body over --max-body: 413" 413 payload_too_large
req GET /healthz
expect_code "the server still answers after refused uploads" 200

# --- parse: the records of "bouncekit parse" ---------------------------------
for f in exim-userunknown.eml gmail-overquota-1.eml yahoo-complaint.eml; do
    req POST /v1/parse -H 'Content-Type: message/rfc822' --data-binary @"$SRC/examples/bounces/$f"
    expect_code "parse $f" 200
    "$B" parse --format jsonl "$SRC/examples/bounces/$f" |
        python3 -c 'import json,sys; print(json.dumps({"records":[json.loads(l) for l in sys.stdin]}))' >"$T/cli.json"
    same_json "parse $f = bouncekit parse" "$T/body" "$T/cli.json" source
done
req POST /v1/parse -H 'Content-Type: message/rfc822' --data-binary $'\n  \n'
expect_code "parse of an empty message: 400" 400 bad_message

# --- bounces: ingest, then check (server and CLI), idempotent ---------------
MSG=$SRC/examples/bounces/postfix-userunknown.eml
RCPT=$("$B" parse --format jsonl "$MSG" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["recipient"])')
req GET "/v1/check?address=$RCPT"
expect_eq "before the bounce: not suppressed" false "$(js "$T/body" 'd["suppressed"]')"
req POST /v1/bounces -H 'Content-Type: message/rfc822' --data-binary @"$MSG"
expect_code "POST /v1/bounces" 200
expect_eq "the bounce is one new event" '[1, 0, 1]' "$(js "$T/body" '[d["ingest"]["events"], d["ingest"]["duplicates"], d["ingest"]["suppressed"]]')"
expect_eq "its decision: suppressed by a rule" "[\"$RCPT\", true]" "$(js "$T/body" '[d["decisions"][0]["recipient"], d["decisions"][0]["suppressed"]]')"
expect_eq "the records come back" "$RCPT" "$(js "$T/body" 'd["records"][0]["recipient"]')"
req GET "/v1/check?address=$RCPT"
expect_code "GET /v1/check" 200
expect_eq "the server reports it suppressed" true "$(js "$T/body" 'd["suppressed"]')"
"$B" check --db "$DB" --json "$RCPT" >"$T/cli.json"; rc=$?
expect_eq "bouncekit check on the same store: exit 1" 1 "$rc"
same_json "GET /v1/check = check --json" "$T/body" "$T/cli.json" scope
req POST /v1/bounces -H 'Content-Type: message/rfc822' --data-binary @"$MSG"
expect_eq "the same bounce again is a duplicate" '[0, 1]' "$(js "$T/body" '[d["ingest"]["events"], d["ingest"]["duplicates"]]')"
req GET "/v1/check?address=not-an-address"
expect_eq "check of a non-address: suppressed, invalid-address" '[true, "invalid-address"]' "$(js "$T/body" '[d["suppressed"], d["reason"]]')"
req GET "/v1/check"
expect_code "check without an address: 400" 400 bad_request
# a sending batch: POST /v1/check, one address a line
printf '%s\n\n# a comment\nnobody@example.com\nnot-an-address\r\n' "$RCPT" >"$T/batch.txt"
req POST /v1/check -H 'Content-Type: text/plain' --data-binary @"$T/batch.txt"
expect_code "POST /v1/check (a batch)" 200
expect_eq "the batch: 3 answers, 2 not to mail" '[3, 2]' "$(js "$T/body" '[d["count"], d["suppressed"]]')"
"$B" check --db "$DB" --json - <"$T/batch.txt" 2>/dev/null |
    python3 -c 'import json,sys; print(json.dumps({"results":[json.loads(l) for l in sys.stdin]}))' >"$T/cli.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({"results":d["results"]}))' "$T/body" >"$T/batch.json"
same_json "the batch = check --json -" "$T/batch.json" "$T/cli.json" scope detail
req PUT /v1/check
expect_code "PUT /v1/check: 405" 405 method_not_allowed
# why: GET /v1/suppressions/{address} = "bouncekit why --json"
req GET "/v1/suppressions/$RCPT"
expect_code "GET /v1/suppressions/{address}" 200
"$B" why --db "$DB" --json "$RCPT" >"$T/cli.json"
same_json "GET /v1/suppressions/{address} = why --json" "$T/body" "$T/cli.json"
expect_eq "why lists both deliveries of the bounce as one event" 1 "$(js "$T/body" 'len(d["events"])')"

# --- webhooks: the same counts as "bouncekit ingest"; sent twice, counted once
for pair in sendgrid:sendgrid-events ses:ses-bounce-sns mailgun:mailgun-failed postmark:postmark-bounce sparkpost:sparkpost-batch; do
    esp=${pair%%:*} f=$SRC/tests/data/webhooks/${pair#*:}.json
    "$B" ingest --db "$T/ref-$esp.db" --json "$f" >"$T/cli.json" 2>/dev/null
    want=$(js "$T/cli.json" '[d["events"], d["suppressed"]]')
    req POST "/v1/webhooks/$esp" -H 'Content-Type: application/json' --data-binary @"$f"
    expect_code "webhook $esp" 200
    expect_eq "webhook $esp: new events and suppressions as ingest" "$want" "$(js "$T/body" '[d["ingest"]["events"], d["ingest"]["suppressed"]]')"
    req POST "/v1/webhooks/$esp" -H 'Content-Type: application/json' --data-binary @"$f"
    expect_eq "webhook $esp sent twice: counted once" "[0, $(js "$T/cli.json" 'd["events"]')]" "$(js "$T/body" '[d["ingest"]["events"], d["ingest"]["duplicates"]]')"
done
req GET "/v1/check?address=$(js "$SRC/tests/data/webhooks/postmark-bounce.json" 'd["Email"]')"
expect_eq "a webhook's hard bounce is suppressed" true "$(js "$T/body" 'd["suppressed"]')"
# ?scope=: the events are about one list or stream
C=$(js "$SRC/tests/data/webhooks/postmark-complaint.json" 'd["Email"]')
req POST "/v1/webhooks/postmark?scope=newsletter" -H 'Content-Type: application/json' --data-binary @"$SRC/tests/data/webhooks/postmark-complaint.json"
expect_eq "a complaint in scope newsletter: suppressed there" '[1, true]' "$(js "$T/body" '[d["ingest"]["suppressed"], d["decisions"][0]["suppressed"]]')"
req GET "/v1/check?address=$C"
expect_eq "not suppressed globally" false "$(js "$T/body" 'd["suppressed"]')"
req GET "/v1/check?address=$C&scope=newsletter"
expect_eq "suppressed in its scope" '[true, "newsletter"]' "$(js "$T/body" '[d["suppressed"], d["scope"]]')"
"$B" check --db "$DB" --scope newsletter "$C" >/dev/null; rc=$?
expect_eq "bouncekit check --scope agrees" 1 "$rc"
req POST "/v1/webhooks/postmark?scope=$(printf 'x%.0s' $(seq 70))" -H 'Content-Type: application/json' --data-binary @"$SRC/tests/data/webhooks/postmark-complaint.json"
expect_code "a scope over 64 bytes: 400" 400 bad_request
req POST /v1/webhooks/mailgun -H 'Content-Type: application/json' --data-binary @"$SRC/tests/data/webhooks/sendgrid-events.json"
expect_code "a SendGrid payload posted as Mailgun: 400" 400 wrong_provider
req POST /v1/webhooks/sendgrid -H 'Content-Type: application/json' --data-binary '[{"email": "x@example.com", '
expect_code "webhook of bad JSON: 400" 400 bad_json
req POST /v1/webhooks/postmark -H 'Content-Type: application/json' --data-binary '{"hello": "world"}'
expect_code "webhook of no known shape: 400" 400 unknown_payload
# SNS asks to confirm the subscription: logged, answered, never fetched
cat >"$T/sns-confirm.json" <<'EOF'
{"Type": "SubscriptionConfirmation", "MessageId": "00000000-0000-4000-8000-000000000001",
 "Token": "2336412f37fb687f5d51e6e2425f004aed", "TopicArn": "arn:aws:sns:eu-west-1:111122223333:bounces",
 "Message": "You have chosen to subscribe to the topic. To confirm the subscription, visit the SubscribeURL included in this message.",
 "SubscribeURL": "http://127.0.0.1:9/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:111122223333:bounces&Token=2336412f37fb687f5d51e6e2425f004aed",
 "Timestamp": "2026-11-27T10:00:00.000Z", "SignatureVersion": "1", "Signature": "AAAA", "SigningCertURL": "http://127.0.0.1:9/cert.pem"}
EOF
req POST /v1/webhooks/ses -H 'Content-Type: text/plain; charset=UTF-8' -H 'x-amz-sns-message-type: SubscriptionConfirmation' --data-binary @"$T/sns-confirm.json"
expect_code "SNS SubscriptionConfirmation: 200" 200
expect_eq "its SubscribeURL is returned" "$(js "$T/sns-confirm.json" 'd["SubscribeURL"]')" "$(js "$T/body" 'd["subscribe_url"]')"
grep -q 'SNS subscription confirmation.*visit http://127.0.0.1:9/?Action=ConfirmSubscription' "$T/server.log" &&
    ok "the SubscribeURL is in the server log" || bad "SubscribeURL not logged"

# --- suppressions: add, page, remove ----------------------------------------
req POST /v1/suppressions -H 'Content-Type: application/json' --data-binary '{"address":"Manual.Entry@Example.COM","reason":"complaint","note":"asked by phone","expires":"30d"}'
expect_code "POST /v1/suppressions: 201" 201
expect_eq "the entry as stored" '["Manual.Entry@example.com", "complaint", "manual"]' "$(js "$T/body" '[d["address"], d["reason"], d["rule"]]')"
req POST /v1/suppressions -H 'Content-Type: application/json' --data-binary '{"address":"no at sign"}'
expect_code "adding a non-address: 400" 400 bad_address
req POST /v1/suppressions -H 'Content-Type: application/json' --data-binary '{"reason":"manual"}'
expect_code "adding without an address: 400" 400 bad_request
req POST /v1/suppressions -H 'Content-Type: application/json' --data-binary '{"address":"a@example.com","expires":"someday"}'
expect_code "a bad expiry: 400" 400 bad_request
req GET "/v1/check?address=Manual.Entry@example.com"
expect_eq "the manual entry is checked as suppressed" '[true, "complaint"]' "$(js "$T/body" '[d["suppressed"], d["reason"]]')"
# every page of 2, followed by "next", gives the list of the CLI
"$B" suppressions list --db "$DB" --json >"$T/cli.jsonl"
after= pages=0
: >"$T/pages.jsonl"
while :; do
    req GET "/v1/suppressions?limit=2${after:+&after=$after}"
    [ "$CODE" = 200 ] || { bad "GET /v1/suppressions (HTTP $CODE)"; break; }
    python3 -c 'import json,sys; [print(json.dumps(x)) for x in json.load(open(sys.argv[1]))["suppressions"]]' "$T/body" >>"$T/pages.jsonl"
    pages=$((pages + 1))
    after=$(js "$T/body" 'd["next"] or ""')
    [ -z "$after" ] && break
    [ "$pages" -gt 50 ] && { bad "paging does not end"; break; }
done
n=$(wc -l <"$T/cli.jsonl")
[ "$n" -ge 4 ] && [ "$pages" -ge 2 ] && ok "paged: $n entries in $pages pages" || bad "paging: $n entries in $pages pages"
same_json "the pages = suppressions list --json" "$T/pages.jsonl" "$T/cli.jsonl" source note
req GET "/v1/suppressions?limit=0"
expect_code "limit 0: 400" 400 bad_request
req DELETE "/v1/suppressions/Manual.Entry%40example.com"
expect_code "DELETE /v1/suppressions/{address}" 200
expect_eq "one entry removed" 1 "$(js "$T/body" 'd["removed"]')"
req DELETE "/v1/suppressions/Manual.Entry%40example.com"
expect_code "deleting it again: 404" 404 not_suppressed
"$B" check --db "$DB" Manual.Entry@example.com >/dev/null; rc=$?
expect_eq "bouncekit check agrees it is gone" 0 "$rc"
req DELETE /v1/suppressions
expect_code "DELETE /v1/suppressions: 405" 405 method_not_allowed
req POST /v1/suppressions -H 'Content-Type: application/json' --data-binary '{"address":"a/b+tag@example.com"}'
expect_code "an address with / and +tag" 201
req GET "/v1/check?address=a/b%2Btag@example.com"
expect_eq "checked with + encoded as %2B" true "$(js "$T/body" 'd["suppressed"]')"
req DELETE "/v1/suppressions/a%2Fb+tag%40example.com"
expect_eq "deleted by path, / encoded" 1 "$(js "$T/body" 'd["removed"]')"

# --- verify: offline unless --verify-dns -------------------------------------
for a in someone@gmial.com info@example.com 'bad..dots@example.com'; do
    req GET /v1/verify -G --data-urlencode "address=$a"
    expect_code "verify $a" 200
    "$B" verify --offline --json "$a" >"$T/cli.json"
    same_json "verify $a = verify --offline --json" "$T/body" "$T/cli.json"
done
expect_eq "a typo is corrected" someone@gmail.com "$(req GET /v1/verify -G --data-urlencode address=someone@gmial.com; js "$T/body" 'd["suggestion"]')"
req GET "/v1/verify?address=a@example.com&offline=0"
expect_code "DNS without --verify-dns: 400" 400 dns_disabled

# --- the request log -----------------------------------------------------------
grep -Eq '^[0-9T:Z-]+ POST /v1/explain 200 [0-9]+ [0-9.]+ms$' "$T/server.log" &&
    ok "one log line per request: method, path, status, bytes, ms" || { bad "request log"; tail -3 "$T/server.log"; }
grep -Eq ' POST /v1/parse 413 ' "$T/server.log" && ok "refused requests are logged" || bad "413 not logged"

# --- a clean stop: SIGTERM while an upload is in flight ----------------------
python3 -c 'import json; print(json.dumps(json.load(open("'"$SRC"'/tests/data/webhooks/sendgrid-events.json"))) + " " * 40000)' >"$T/slow.json"
curl -sS -o "$T/slow.out" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --limit-rate 16K --data-binary @"$T/slow.json" "$U/v1/webhooks/sendgrid" >"$T/slow.code" 2>"$T/slow.err" &
CURL=$!
sleep 1
kill -TERM "$PID"
wait "$CURL"
expect_eq "the request in flight is answered" 200 "$(cat "$T/slow.code")"
wait "$PID"; rc=$?
PID=
expect_eq "the server exits 0 on SIGTERM" 0 "$rc"
grep -q 'stopped$' "$T/server.log" && ok "the stop is logged" || bad "no stop line"
"$B" check --db "$DB" --json "$RCPT" >/dev/null; rc=$?
expect_eq "the store is usable after the stop" 1 "$rc"

# --- SIGINT, and no token at all ---------------------------------------------
: >"$T/token"
"$B" serve --store "$DB" --token-file "$T/token" 2>"$T/err"; rc=$?
expect_eq "an empty token file is refused" 2 "$rc"
"$B" serve --listen nowhere --store "$DB" 2>"$T/err"; rc=$?
expect_eq "a bad --listen is refused" 2 "$rc"
"$B" serve --bogus 2>"$T/err"; rc=$?
expect_eq "an unknown option is refused" 2 "$rc"
echo short >"$T/short-token"
"$B" serve --store "$DB" --token-file "$T/short-token" 2>"$T/err"; rc=$?
expect_eq "a token under 16 characters is refused" 2 "$rc"
"$B" serve --store "$DB" --threads 0 2>"$T/err"; rc=$?
expect_eq "--threads 0 is refused" 2 "$rc"
"$B" serve --store "$DB" --max-body 0 2>"$T/err"; rc=$?
expect_eq "--max-body 0 is refused" 2 "$rc"
"$B" serve --listen 127.0.0.1:0 --store "$DB" --policy "$T/no-such-policy" 2>"$T/err"; rc=$?
expect_eq "a missing policy file: exit 78" 78 "$rc"
printf 'rule broken {\n' >"$T/bad-policy"
"$B" serve --listen 127.0.0.1:0 --store "$DB" --policy "$T/bad-policy" 2>"$T/err"; rc=$?
expect_eq "a malformed policy file: exit 78" 78 "$rc"
"$B" serve --help >"$T/help"; rc=$?
expect_eq "--help" 0 "$rc"
"$B" serve --listen 127.0.0.1:0 --store "$DB" --quiet 2>"$T/server.log" &
PID=$!
for i in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/server.log"); [ -n "$PORT" ] && break; sleep 0.1
done
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT/v1/check?address=$RCPT")
expect_code "without --token-file no token is needed" 200
grep -q 'GET /v1/check' "$T/server.log" && bad "--quiet still logs requests" || ok "--quiet: no request lines"
kill -INT "$PID"; wait "$PID"; rc=$?
PID=
expect_eq "the server exits 0 on SIGINT" 0 "$rc"

if [ "$fails" -gt 0 ]; then
    echo "serve.sh: $fails failed"
    exit 1
fi
echo "serve.sh: all passed"
