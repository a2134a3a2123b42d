#!/bin/sh
# fetch-mta.sh - provide the binaries of an MTA for the integration tests
# without installing it as the system's MTA.
#
# Debian's MTA packages exclude one another and the tests install Postfix,
# so the other MTAs' packages are only downloaded (apt-get download) and
# unpacked (dpkg -x) into a cache directory; the tests run those binaries
# with configuration files of their own, as private instances inside their
# own namespaces.  Libraries the MTA needs that are not installed are
# downloaded and unpacked beside it (the tests add the unpacked library
# directory to LD_LIBRARY_PATH).  What a package's maintainer scripts would
# create and the binaries cannot be told otherwise is created here, and only
# when missing: system users the daemon looks up by name, and empty
# directories that serve as mount points for the test's private copies.
#
# usage: scripts/fetch-mta.sh MTA [CACHEDIR]
#   MTA       exim | opensmtpd | sendmail | courier | dma
#   CACHEDIR  defaults to $BK_MTA_CACHE/MTA or /var/cache/bouncekit/MTA
#             ($BK_EXIM_CACHE for Exim, as before).
# Prints the path of the MTA's main binary inside the unpacked tree
# (CACHEDIR/root/...).  Safe to run again: a working cached tree is reused.
# Exit 0 on success, 1 when the MTA cannot be provided.
set -eu

mta=${1:-}
say() { echo "fetch-mta($mta): $*" >&2; }

case $mta in
exim)
    cache=${2:-${BK_EXIM_CACHE:-${BK_MTA_CACHE:-/var/cache/bouncekit}/exim}}
    main=usr/sbin/exim4
    pkgs="exim4-base exim4-config exim4-daemon-light"
    ;;
opensmtpd)
    cache=${2:-${BK_MTA_CACHE:-/var/cache/bouncekit}/opensmtpd}
    main=usr/sbin/smtpd
    pkgs="opensmtpd"
    ;;
sendmail)
    cache=${2:-${BK_MTA_CACHE:-/var/cache/bouncekit}/sendmail}
    main=usr/libexec/sendmail/sendmail
    # sendmail-cf holds the m4 files that make sendmail.cf, m4 runs them.
    pkgs="sendmail-bin sendmail-base sendmail-cf m4 liblockfile1"
    ;;
courier)
    cache=${2:-${BK_MTA_CACHE:-/var/cache/bouncekit}/courier}
    main=usr/sbin/courier
    pkgs="courier-mta courier-base courier-authlib libcourier-unicode4 libltdl7"
    ;;
dma)
    cache=${2:-${BK_MTA_CACHE:-/var/cache/bouncekit}/dma}
    main=usr/sbin/dma
    pkgs="dma"
    ;;
*)
    echo "usage: fetch-mta.sh exim|opensmtpd|sendmail|courier|dma [CACHEDIR]" >&2
    exit 1
    ;;
esac
root=$cache/root
bin=$root/$main

ensure_user() {   # ensure_user NAME HOME
    getent passwd "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" != 0 ]; then
        say "user $1 is missing; run as root to create it"
        return 1
    fi
    getent group "$1" >/dev/null 2>&1 || groupadd --system "$1"
    useradd --system --gid "$1" --home-dir "$2" --no-create-home \
        --shell /usr/sbin/nologin "$1"
    say "created system user $1"
}

ensure_dir() {    # ensure_dir PATH MODE
    [ -d "$1" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        say "directory $1 is missing; run as root to create it"
        return 1
    fi
    mkdir -p "$1" && chmod "$2" "$1"
}

# What the package's maintainer scripts would have made.
prepare() {
    case $mta in
    exim) ensure_user Debian-exim /var/spool/exim4 ;;
    opensmtpd)
        # Privilege separation users and the chroot directory are compiled
        # in; /var/spool/smtpd is the compiled-in queue, over which the tests
        # mount a private directory inside their mount namespace.
        ensure_user opensmtpd /var/lib/opensmtpd/empty &&
            ensure_user opensmtpq /var/lib/opensmtpd/empty &&
            ensure_dir /var/lib/opensmtpd/empty 755 &&
            ensure_dir /var/spool/smtpd 711
        ;;
    sendmail) : ;;
    # dma drops root to the user "mail" (compiled in); its configuration
    # path /etc/dma is compiled in too: the tests mount their own over it.
    dma)
        getent passwd mail >/dev/null 2>&1 || { say "user mail is missing"; return 1; }
        ensure_dir /etc/dma 755
        ;;
    courier)
        # Courier's directories are compiled in: the tests mount their own
        # configuration, queue and the unpacked programs over these.
        ensure_user courier /var/lib/courier &&
            ensure_dir /etc/courier 755 &&
            ensure_dir /var/lib/courier 755 &&
            ensure_dir /usr/lib/courier 755
        ;;
    esac
}

libpath() {
    echo "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu:$root/usr/lib/courier:$root/usr/lib/x86_64-linux-gnu/courier-authlib"
}

works() {
    [ -x "$bin" ] || return 1
    case $mta in
    exim) "$bin" -C /dev/null -bV >/dev/null 2>&1 ;;
    opensmtpd)
        printf 'listen on 127.0.0.1 port 2525\naction "a" relay\nmatch from any for any action "a"\n' >"$cache/check.conf"
        "$bin" -n -f "$cache/check.conf" >/dev/null 2>&1
        ;;
    # Running sendmail would look up this host's name (a DNS timeout on a
    # machine without network): that no library is missing must do.
    sendmail) [ -z "$(missing_libs)" ] && [ -x "$root/usr/bin/m4" ] ;;
    courier) [ -z "$(missing_libs)" ] ;;
    # Running it would read /etc/dma/dma.conf and queue mail: that no
    # library is missing must do.
    dma) [ -z "$(missing_libs)" ] ;;
    esac
}

missing_libs() {
    LD_LIBRARY_PATH=$(libpath) ldd "$bin" 2>/dev/null | awk '/not found/ {print $1}' | tr '\n' ' '
}

# One fetch at a time: tests of several trees may start together.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -w 300 9 || { say "could not lock $cache/.lock"; exit 1; }

prepare || exit 1
if works; then
    echo "$bin"
    exit 0
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
rm -rf "$root"
mv "$cache/root.new" "$root"

if ! works; then
    m=$(missing_libs)
    say "unpacked $mta does not run${m:+ (missing libraries: $m)}"
    exit 1
fi
say "$mta unpacked into $root"
echo "$bin"
