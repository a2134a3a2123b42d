#!/bin/sh
# update-disposable-list.sh - regenerate data/verify/disposable.txt from the
# npm package "disposable-email-domains" (MIT licence; see
# data/verify/README.md).  Needs node and npm; run from anywhere:
#   scripts/update-disposable-list.sh [VERSION]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
version=${1:-1.0.62}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "disposable-email-domains@$version" >/dev/null
tar xzf disposable-email-domains-*.tgz
out="$here/data/verify/disposable.txt"
{
    echo "# Disposable (throw-away) mail domains."
    echo "# Source: npm package disposable-email-domains $version"
    echo "# (index.json and wildcard.json), MIT licence; see README.md here."
    echo "# One domain a line; a listed domain also covers its subdomains."
    node -e '
        const a = require("./package/index.json"), b = require("./package/wildcard.json");
        const s = new Set([...a, ...b].map(d => d.trim().toLowerCase()).filter(d => d));
        process.stdout.write([...s].sort().join("\n") + "\n");'
} >"$out"
echo "wrote $(grep -vc '^#' "$out") domains to $out"
