#!/usr/bin/env bash
# Make sure Debian's nginx and its cache-purge module are installed, for the
# test that runs deploy/nginx/masthead.conf in front of `masthead serve`.
#
# The tests start their own nginx on a private port with their own files; the
# system service that Debian's package starts is stopped again, so nothing
# listens on port 80 because of the tests. Needs root (or sudo) only to install.
set -euo pipefail

say() { echo "ensure-nginx: $*" >&2; }

if command -v nginx >/dev/null && [[ -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]]; then
    exit 0
fi

as_root=()
[[ $EUID -eq 0 ]] || as_root=(sudo)
say "installing nginx and libnginx-mod-http-cache-purge (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq nginx libnginx-mod-http-cache-purge >&2
# Debian starts the system service on installation; the tests do not need it.
"${as_root[@]}" service nginx stop >/dev/null 2>&1 || true
