#!/usr/bin/env bash
# Make sure a private PostgreSQL server is running for the test suite, then
# print (and print only) the DATABASE_URL to reach it on stdout.
#
# The cluster is the tests' own: it listens on 127.0.0.1 only, on its own port
# (54329, or MASTHEAD_TEST_PG_PORT), never touches a system cluster, and trades
# durability for speed (fsync off). A second run finds it running and returns
# at once; a stopped one is started again; a broken one is rebuilt, since it
# only ever holds throwaway test databases.
#
# Where it lives: /tmp/masthead-test-postgres-<hash of this checkout's path>.
# initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user, which must be able to reach its data directory. A checkout
# under /root or another private home is not traversable by `postgres`, and
# loosening those permissions is not this script's business, whereas /tmp
# always is. The hash keeps two checkouts apart; MASTHEAD_TEST_PG_DIR overrides.
#
# Everything but the URL goes to stderr, so `URL=$(scripts/ensure-postgres.sh)`
# works. Needs root (or sudo) only when the server binaries must be installed.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
PORT=${MASTHEAD_TEST_PG_PORT:-54329}
ROOT=${MASTHEAD_TEST_PG_DIR:-/tmp/masthead-test-postgres-$(printf '%s' "$REPO" | sha1sum | cut -c1-12)}
DATA=$ROOT/data
LOG=$ROOT/server.log
ROLE=masthead
PASSWORD=masthead
DATABASE=masthead

say() { echo "ensure-postgres: $*" >&2; }
die() {
    say "$*"
    exit 1
}

as_root=()
[[ $EUID -eq 0 ]] || as_root=(sudo)

# The OS user that owns and runs the cluster: `postgres` when we are root.
run_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        # From /, which postgres can enter, whatever the caller's folder.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

newest_server_bin() {
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/pg_ctl && -x $dir/initdb ]] && echo "$dir"
}

install_server() {
    say "installing the PostgreSQL server (apt-get install postgresql)"
    [[ $EUID -eq 0 ]] || command -v sudo >/dev/null || die "please install postgresql (needs root)"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
}

# The binaries matching the cluster's version when it has one, else the newest.
server_bin() {
    if [[ -f $DATA/PG_VERSION ]]; then
        local wanted
        wanted=/usr/lib/postgresql/$(<"$DATA/PG_VERSION")/bin
        [[ -x $wanted/pg_ctl ]] && echo "$wanted" && return
    fi
    newest_server_bin
}

make_root_dir() {
    mkdir -p "$ROOT"
    chmod 700 "$ROOT"
    if [[ $EUID -eq 0 ]]; then
        id -u postgres >/dev/null 2>&1 ||
            useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        chown postgres: "$ROOT"
    fi
}

init_cluster() {
    say "creating a test cluster in $DATA"
    rm -rf "$DATA"
    make_root_dir
    BIN=$(newest_server_bin)
    # Local (socket) connections are trusted: the socket sits in the owner-only
    # cluster folder. TCP connections need the password.
    run_as_owner "$BIN/initdb" --pgdata="$DATA" --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    cat >>"$DATA/postgresql.conf" <<EOF

# Masthead's test cluster: private, local, fast, disposable.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$ROOT'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
}

server_is_up() {
    "$BIN/pg_isready" --quiet --host=127.0.0.1 --port="$PORT" --timeout=1
}

start_cluster() {
    run_as_owner "$BIN/pg_ctl" --pgdata="$DATA" --log="$LOG" --wait --timeout=30 \
        --silent start >/dev/null 2>&1
}

psql_as_owner() {
    run_as_owner "$BIN/psql" --host="$ROOT" --port="$PORT" --username=postgres \
        --dbname=postgres --quiet --no-psqlrc --tuples-only --no-align \
        --set=ON_ERROR_STOP=1 "$@"
}

# The role the tests connect as: it may create databases (pytest-django
# creates test_masthead), and it owns a database of its own name.
ensure_role_and_database() {
    if [[ -z $(psql_as_owner --command="SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") ]]; then
        psql_as_owner --command="CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
    fi
    if [[ -z $(psql_as_owner --command="SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") ]]; then
        psql_as_owner --command="CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null
    fi
}

# A postmaster killed outright stays a zombie where nothing reaps orphans (PID 1
# of many containers): its PID still exists, so both pg_ctl and the server
# itself believe it runs. Its lock files are stale; remove them so it can start.
forget_dead_postmaster() {
    local pid
    [[ -f $DATA/postmaster.pid ]] || return 0
    pid=$(head -n 1 "$DATA/postmaster.pid")
    # The process state is the field after the command name in /proc/PID/stat
    # (read there because minimal images may lack `ps`).
    if [[ $(sed -E 's/^.*\) (.).*$/\1/' "/proc/$pid/stat" 2>/dev/null) == Z ]]; then
        say "removing the lock files of a dead server (PID $pid)"
        rm -f "$DATA/postmaster.pid" "$ROOT/.s.PGSQL.$PORT.lock"
    fi
}

BIN=$(server_bin) || true
if [[ -z ${BIN:-} ]]; then
    install_server
    BIN=$(newest_server_bin) || die "no PostgreSQL server binaries in /usr/lib/postgresql after install"
fi

forget_dead_postmaster
if ! run_as_owner "$BIN/pg_ctl" --pgdata="$DATA" status >/dev/null 2>&1; then
    server_is_up && die "another server already listens on 127.0.0.1:$PORT; set MASTHEAD_TEST_PG_PORT"
    [[ -f $DATA/PG_VERSION && -f $DATA/postgresql.conf ]] || init_cluster
    if ! start_cluster; then
        say "the test cluster did not start (log: $LOG); rebuilding it"
        tail -n 5 "$LOG" >&2 || true
        init_cluster
        start_cluster || {
            tail -n 20 "$LOG" >&2 || true
            die "could not start PostgreSQL on 127.0.0.1:$PORT (is the port taken?)"
        }
    fi
fi

for _ in $(seq 1 60); do
    server_is_up && break
    sleep 0.5
done
server_is_up || die "PostgreSQL on 127.0.0.1:$PORT is not accepting connections (log: $LOG)"

ensure_role_and_database
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
