#!/bin/sh
# install-deps.sh - install the Debian packages bouncekit needs to build,
# run and test.  The lists live in scripts/deps/*.txt, one package a line.
# Safe to run again: apt-get skips what is installed.  Needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(cat "$here"/deps/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root (or: sudo $0)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing$missing"
apt-get update -qq
# Postfix and Exim must not start or configure themselves system-wide: the
# tests run their own instances on loopback.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done"
