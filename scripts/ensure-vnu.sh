#!/usr/bin/env bash
# Make sure the Nu HTML Checker (vnu.jar) and a Java runtime are here; print the jar's path.
#
# The checker is the W3C's own validator, published on the npm registry as
# vnu-jar; Java comes from Debian's default-jre-headless when the machine has
# none. Both are installed once: the jar is kept under ~/.cache/masthead (or
# MASTHEAD_TOOLS_DIR), so later runs only print its path.
set -euo pipefail

VERSION=26.9.27
TOOLS=${MASTHEAD_TOOLS_DIR:-$HOME/.cache/masthead}
JAR=$TOOLS/vnu-$VERSION/vnu.jar

if ! command -v java >/dev/null; then
    as_root=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null || {
            echo "ensure-vnu: please install default-jre-headless (needs root)" >&2
            exit 1
        }
        as_root=(sudo)
    fi
    echo "ensure-vnu: installing default-jre-headless" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends default-jre-headless >&2
fi

if [[ ! -f $JAR ]]; then
    command -v npm >/dev/null || {
        echo "ensure-vnu: npm is needed to fetch vnu-jar $VERSION" >&2
        exit 1
    }
    echo "ensure-vnu: fetching vnu-jar $VERSION from the npm registry" >&2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "vnu-jar@$VERSION" >/dev/null)
    tar -xzf "$work"/vnu-jar-"$VERSION".tgz -C "$work" package/build/dist/vnu.jar
    mkdir -p "$(dirname "$JAR")"
    mv "$work"/package/build/dist/vnu.jar "$JAR.partial"
    mv "$JAR.partial" "$JAR"
fi
echo "$JAR"
