#!/usr/bin/env bash
# The whole test suite: once on SQLite, once on a real PostgreSQL server.
# Installs and starts what the tests need (Chromium, nginx, the Nu HTML Checker, PostgreSQL,
# Redis) when missing.
#
# Both runs happen even when the first fails, so one CI run shows every failure;
# the script fails if either does. Any pytest exit code but 0 is a failure,
# 5 ("no tests collected") included: a suite that silently ran nothing is broken.
# Arguments go to pytest, e.g. `scripts/test.sh -k article -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/ensure-chromium.sh
scripts/ensure-nginx.sh
# The Nu HTML Checker that tests/test_valid_html.py runs over every reader page.
MASTHEAD_VNU_JAR=$(scripts/ensure-vnu.sh)
export MASTHEAD_VNU_JAR
PG_URL=$(scripts/ensure-postgres.sh)
# For the tests that need Redis (they skip without it). Only they use it: the
# suite itself runs on the embedded default, so REDIS_URL stays unset.
MASTHEAD_TEST_REDIS_URL=$(scripts/ensure-redis.sh)
export MASTHEAD_TEST_REDIS_URL

failed=()

run_suite() {
    local name=$1 started status=0
    shift
    echo "== Test suite on $name"
    started=$SECONDS
    "$@" || status=$?
    echo "== $name: pytest exit code $status, $((SECONDS - started))s"
    ((status == 0)) || failed+=("$name")
}

# The SQLite run must not inherit a DATABASE_URL from the caller's shell.
run_suite SQLite env -u DATABASE_URL "$BIN/pytest" "$@"
run_suite PostgreSQL env DATABASE_URL="$PG_URL" "$BIN/pytest" "$@"

if ((${#failed[@]})); then
    echo "== FAILED on: ${failed[*]}" >&2
    exit 1
fi
echo "== All tests passed on SQLite and PostgreSQL"
