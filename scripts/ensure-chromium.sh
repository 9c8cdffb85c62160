#!/usr/bin/env bash
# Make sure the Chromium the browser tests drive is installed, with fonts.
#
# Playwright's own browser download is not used (it needs network access to
# Playwright's CDN): the tests launch Debian's /usr/bin/chromium instead. The
# fonts give screenshots real glyphs rather than empty boxes. Silent when
# everything is present; installs with apt-get otherwise (needs root or sudo).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-noto-core fonts-dejavu-core)

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=()
for package in "${PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
done
if [[ -x $CHROMIUM && ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
if [[ ! -x $CHROMIUM ]] && ! printf '%s\n' "${missing[@]}" | grep -qx chromium; then
    missing+=(chromium)
fi

as_root=()
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || {
        echo "ensure-chromium: please install ${missing[*]} (needs root)" >&2
        exit 1
    }
    as_root=(sudo)
fi

echo "ensure-chromium: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

[[ -x $CHROMIUM ]] || {
    echo "ensure-chromium: $CHROMIUM is still missing after apt-get install" >&2
    exit 1
}
