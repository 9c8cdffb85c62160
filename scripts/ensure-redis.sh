#!/usr/bin/env bash
# Make sure a private Redis server is running for the test suite, then print
# (and print only) the URL to reach it on stdout.
#
# The server is the tests' own: it listens on 127.0.0.1 only, on its own port
# (63799, or MASTHEAD_TEST_REDIS_PORT), never touches a system service, and
# keeps nothing on disk (no snapshots, no append-only file): it only ever holds
# throwaway queues and cache entries. A second run finds it running and returns
# at once; a stopped or dead one is started again.
#
# Where it lives: /tmp/masthead-test-redis-<hash of this checkout's path> (its
# pid file and log), so two checkouts keep apart; MASTHEAD_TEST_REDIS_DIR
# overrides.
#
# Everything but the URL goes to stderr, so `URL=$(scripts/ensure-redis.sh)`
# works. Needs root (or sudo) only when redis-server must be installed.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
PORT=${MASTHEAD_TEST_REDIS_PORT:-63799}
ROOT=${MASTHEAD_TEST_REDIS_DIR:-/tmp/masthead-test-redis-$(printf '%s' "$REPO" | sha1sum | cut -c1-12)}
PIDFILE=$ROOT/redis.pid
LOG=$ROOT/server.log

say() { echo "ensure-redis: $*" >&2; }
die() {
    say "$*"
    exit 1
}

as_root=()
[[ $EUID -eq 0 ]] || as_root=(sudo)

install_server() {
    say "installing the Redis server (apt-get install redis-server)"
    [[ $EUID -eq 0 ]] || command -v sudo >/dev/null || die "please install redis-server (needs root)"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends redis-server >&2
}

server_is_up() {
    [[ $(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null) == PONG ]]
}

# The PID of our server when it runs, nothing otherwise. A server killed outright
# may stay a zombie where nothing reaps orphans (PID 1 of many containers):
# its PID exists but it serves nothing, so it counts as gone.
our_server_pid() {
    local pid state
    [[ -f $PIDFILE ]] || return 0
    pid=$(<"$PIDFILE")
    state=$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || state=""
    if [[ -n $state && $state != Z ]] && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
        echo "$pid"
    fi
}

start_server() {
    say "starting a test Redis server on 127.0.0.1:$PORT ($ROOT)"
    rm -f "$PIDFILE"
    redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes \
        --dir "$ROOT" --save "" --appendonly no \
        --daemonize yes --pidfile "$PIDFILE" --logfile "$LOG" >&2
}

command -v redis-server >/dev/null && command -v redis-cli >/dev/null || install_server
command -v redis-server >/dev/null || die "no redis-server after install"

mkdir -p "$ROOT"
chmod 700 "$ROOT"

if [[ -z $(our_server_pid) ]]; then
    server_is_up && die "another server already listens on 127.0.0.1:$PORT; set MASTHEAD_TEST_REDIS_PORT"
    start_server || {
        tail -n 20 "$LOG" >&2 || true
        die "could not start Redis on 127.0.0.1:$PORT (is the port taken?)"
    }
fi

for _ in $(seq 1 50); do
    server_is_up && break
    sleep 0.2
done
server_is_up || die "Redis on 127.0.0.1:$PORT is not answering (log: $LOG)"

echo "redis://127.0.0.1:$PORT/0"
