#!/usr/bin/env bash
# Make sure the wapiti web vulnerability scanner is installed; print the path of its command.
#
# bench/security_scan.py runs it against a production-mode `masthead serve`.
# wapiti3 comes from PyPI, pinned, into a virtualenv of its own under
# ~/.cache/masthead (or MASTHEAD_TOOLS_DIR): its dependencies (httpx, aiohttp,
# SQLAlchemy and more, at versions of its choosing) would clash with Masthead's
# own lock file if they shared one. It is installed once; later runs only print
# the path.
set -euo pipefail

VERSION=3.2.3
TOOLS=${MASTHEAD_TOOLS_DIR:-$HOME/.cache/masthead}
VENV=$TOOLS/wapiti-$VERSION
WAPITI=$VENV/bin/wapiti
# Written last: a folder without it is an install that was interrupted.
DONE=$VENV/.installed
PYTHON=${PYTHON:-python3}

say() { echo "ensure-wapiti: $*" >&2; }

if [[ ! -f $DONE ]]; then
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || {
        say "$PYTHON cannot make virtualenvs (Debian: apt-get install python3-venv)"
        exit 1
    }
    say "installing wapiti3 $VERSION from PyPI into $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "wapiti3==$VERSION" >&2
    "$WAPITI" --version >/dev/null
    touch "$DONE"
fi
echo "$WAPITI"
