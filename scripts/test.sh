#!/usr/bin/env bash
# The whole test suite: once on SQLite, once on a real PostgreSQL server.
# Installs and starts what the tests need (Chromium, PostgreSQL) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/ensure-chromium.sh
PG_URL=$(scripts/ensure-postgres.sh)

echo "== Test suite on SQLite"
$BIN/pytest "$@"

echo "== Test suite on PostgreSQL"
DATABASE_URL="$PG_URL" $BIN/pytest "$@"
