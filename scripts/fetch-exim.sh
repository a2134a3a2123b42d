#!/bin/sh
# fetch-exim.sh - provide an Exim binary for the integration tests without
# installing Exim as the system's MTA (Debian's MTA packages exclude one
# another and the tests install Postfix).  See scripts/fetch-mta.sh, which
# does the work for every MTA the tests run.
#
# usage: scripts/fetch-exim.sh [CACHEDIR]
#   CACHEDIR defaults to $BK_EXIM_CACHE or /var/cache/bouncekit/exim.
# Prints the path of the exim binary; exit 1 when Exim cannot be provided.
exec "$(dirname "$0")/fetch-mta.sh" exim "$@"
