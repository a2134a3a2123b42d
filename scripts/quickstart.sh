#!/bin/sh
# quickstart.sh - the first quick-start command: install the Debian
# packages, build bouncekit, and run it on the bundled examples.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/scripts/install-deps.sh"
"$src/scripts/build.sh" "$src/build" -DCMAKE_BUILD_TYPE=Release
bk="$src/build/bouncekit"
ex="$src/examples"

section() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

section "bouncekit explain: the three replies every sender sees"
"$bk" explain \
  "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces." \
  "554 delivery error: dd This user doesn't have a yahoo.com account" \
  "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"

section "bouncekit explain --json on a log of real replies (examples/replies.txt)"
"$bk" explain --json - < "$ex/replies.txt"
