#!/bin/sh
# quickstart.sh - the first quick-start command: install the Debian
# packages, build bouncekit, and run its main job on the bundled examples:
# explain replies, parse bounces, ingest them into a suppression store, and
# show the suppression list, one address's story and the bounce report.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/scripts/install-deps.sh"
"$src/scripts/build.sh" "$src/build" -DCMAKE_BUILD_TYPE=Release
bk="$src/build/bouncekit"
cd "$src"
ex="examples"
work=$(mktemp -d "${TMPDIR:-/tmp}/bouncekit-quickstart.XXXXXX")
db="$work/bouncekit.db"

section() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

section "1. explain: the three replies every sender sees"
"$bk" explain \
  "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces." \
  "554 delivery error: dd This user doesn't have a yahoo.com account" \
  "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"

section "2. explain --json: a log of real replies (examples/replies.txt)"
"$bk" explain --json - < "$ex/replies.txt" | cut -c1-200

section "3. parse: the bundled bounces (real Postfix and Exim bounces among them)"
"$bk" parse --format table "$ex/bounces"

section "4. ingest: the bounces and a Postfix log (sent counts) into a suppression store"
"$bk" ingest --db "$db" "$ex/bounces" "$ex/mail.log"

section "5. suppressions list"
"$bk" suppressions list --db "$db"

section "6. why: the story of alex.doe@gmail.com (over quota three times)"
"$bk" why --db "$db" alex.doe@gmail.com || true  # exit 1: it is suppressed

section "7. check: may these addresses be mailed? (exit 1: some may not)"
"$bk" check --db "$db" nosuchuser@mx.bk.test sam.lee@outlook.com alex.doe@gmail.com robin.chen@example.org || true

section "8. report: bounce and complaint rates"
"$bk" report --db "$db" --days 3660 --chart "$work/report.svg"
echo
echo "chart written to $work/report.svg; the store is $db"

section "9. verify: addresses before they are mailed (offline)"
"$bk" verify --offline jane@gmial.com bob@gmail,com info@example.com ymail@ymail.com || true
