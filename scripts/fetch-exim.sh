#!/bin/sh
# fetch-exim.sh - provide an Exim binary for the integration tests without
# installing Exim as the system's MTA.
#
# Debian's MTA packages exclude one another and the tests install Postfix,
# so Exim's packages are only downloaded (apt-get download) and unpacked
# (dpkg -x) into a cache directory; the tests run that binary with their own
# configuration file (-C).  Its shared libraries come from packages listed
# in scripts/deps/integration.txt.  Debian's binary looks up the user
# "Debian-exim" by name when it starts, so that system user is created if
# it is missing (as the exim4-base package would).
#
# usage: scripts/fetch-exim.sh [CACHEDIR]
#   CACHEDIR defaults to $BK_EXIM_CACHE or /var/cache/bouncekit/exim.
# Prints the path of the exim binary.  Safe to run again: a working cached
# binary is reused.  Exit 0 on success, 1 when Exim cannot be provided.
set -eu

cache=${1:-${BK_EXIM_CACHE:-/var/cache/bouncekit/exim}}
bin=$cache/root/usr/sbin/exim4
pkgs="exim4-base exim4-config exim4-daemon-light"

say() { echo "fetch-exim: $*" >&2; }

ensure_user() {
    if ! getent passwd Debian-exim >/dev/null 2>&1; then
        if [ "$(id -u)" != 0 ]; then
            say "user Debian-exim is missing; run as root to create it"
            return 1
        fi
        getent group Debian-exim >/dev/null 2>&1 || groupadd --system Debian-exim
        useradd --system --gid Debian-exim --home-dir /var/spool/exim4 \
            --no-create-home --shell /usr/sbin/nologin Debian-exim
        say "created system user Debian-exim"
    fi
}

works() {
    [ -x "$bin" ] && "$bin" -C /dev/null -bV >/dev/null 2>&1
}

# One fetch at a time: tests of several trees may start together.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -w 300 9 || { say "could not lock $cache/.lock"; exit 1; }

ensure_user || exit 1
if works; then
    echo "$bin"
    exit 0
fi

if [ -x "$bin" ]; then
    # Unpacked before but does not run: usually a missing shared library.
    missing=$(ldd "$bin" 2>/dev/null | awk '/not found/ {print $1}' | tr '\n' ' ')
    if [ -n "$missing" ]; then
        say "the cached exim binary lacks libraries: $missing"
        say "install them with scripts/install-deps.sh (scripts/deps/integration.txt)"
        exit 1
    fi
fi

mkdir -p "$cache/debs"
cd "$cache/debs"
rm -f ./*.deb
if ! apt-get download $pkgs >download.log 2>&1; then
    # A fresh machine may have no package lists yet.
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null 2>&1 || true
    fi
    if ! apt-get download $pkgs >download.log 2>&1; then
        say "apt-get download $pkgs failed:"
        cat download.log >&2
        exit 1
    fi
fi
rm -rf "$cache/root.new"
mkdir -p "$cache/root.new"
for deb in ./*.deb; do
    dpkg -x "$deb" "$cache/root.new"
done
rm -rf "$cache/root"
mv "$cache/root.new" "$cache/root"

if ! works; then
    missing=$(ldd "$bin" 2>/dev/null | awk '/not found/ {print $1}' | tr '\n' ' ')
    say "unpacked exim does not run${missing:+ (missing libraries: $missing)}"
    "$bin" -C /dev/null -bV >&2 || true
    exit 1
fi
say "exim unpacked into $cache/root"
echo "$bin"
