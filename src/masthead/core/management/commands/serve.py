"""``masthead serve``: the production web server, Granian running the WSGI app.

Granian was chosen over gunicorn by measurement (docs/deployment.md has the
table): on cheap responses (cached pages, probes, static files) it answered 2 to
4 times as many requests as gunicorn's sync workers, rendered pages were bound
by the CPU either way, and under overload it let the fewest requests time out.
It also keeps connections alive and does its network I/O outside Python.

Granian's ``--backpressure`` counts open connections, not requests in progress:
measured with ``bench/slow_clients.py``, four connections that sent nothing
stopped a worker with ``--backpressure 4`` from answering anyone. So the
connection limit is high (``CONNECTIONS_PER_WORKER``) and the Python threads
stay few: idle and dribbling clients wait in Granian's I/O runtime, holding a
file descriptor each but no thread, and the requests that did arrive queue for
the threads.

The command prepares what the workers need, then *replaces itself* with Granian
(exec, same process id, so systemd and signals reach the server directly). A
fresh interpreter matters: prometheus_client decides at import time whether it
runs in multiprocess mode, and this process has imported it already.
"""

import os
import resource
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from masthead.core.static_manifest import stale_reason

WSGI_APPLICATION = "masthead.wsgi:application"
# Python threads per worker process. A few let one worker overlap the waits on
# the database and Redis; more only add database connections (one per thread)
# and contention for the interpreter lock. Requests beyond them queue in Granian.
THREADS_PER_WORKER = 4
# Open connections a worker accepts (Granian's backpressure): idle keep-alive
# and slow clients included, so far more than the threads. Beyond it, new
# connections wait in the listen backlog. nginx in front is the defence against
# more than this: it holds slow clients itself and passes only whole requests.
CONNECTIONS_PER_WORKER = 1024
LISTEN_BACKLOG = 2048


def available_cpus() -> int:
    """CPUs this process may run on (honours taskset and container CPU sets)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def server_command(host: str, port: int, workers: int) -> list[str]:
    """The Granian command line that serves Masthead."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(THREADS_PER_WORKER),
        "--backpressure",
        str(CONNECTIONS_PER_WORKER),
        "--backlog",
        str(LISTEN_BACKLOG),
        "--no-ws",
        # A worker that crashes is replaced instead of leaving the server short.
        "--respawn-failed-workers",
        WSGI_APPLICATION,
    ]


def raise_open_file_limit(wanted: int) -> int:
    """Lift this process's soft limit on open files towards ``wanted`` (never past the hard one).

    Each connection is a file descriptor; the usual soft limit of 1,024 would
    make a worker refuse connections well before ``CONNECTIONS_PER_WORKER``.
    The limit is inherited across the exec, by Granian and its workers.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft


def fresh_metrics_dir(port: int) -> Path:
    """An empty folder for prometheus_client's multiprocess files.

    Samples of a previous run would otherwise be added to this one's. The folder
    is per port, so two servers on one machine keep apart; an operator may name
    another with PROMETHEUS_MULTIPROC_DIR (say, on a tmpfs). Only the sample
    files (``*.db``) are removed from it.
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    folder = Path(configured) if configured else Path(settings.VAR_DIR) / "prometheus" / str(port)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    return folder


class Command(BaseCommand):
    help = (
        "Serve the site in production with Granian: several worker processes, static "
        "files included. Put a reverse proxy with TLS in front (docs/deployment.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("MASTHEAD_HOST") or "127.0.0.1",
            help="Address to listen on (default: MASTHEAD_HOST or %(default)s).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=env_int("MASTHEAD_PORT", 8000),
            help="Port to listen on (default: MASTHEAD_PORT or %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("MASTHEAD_WORKERS", available_cpus()),
            help="Worker processes (default: MASTHEAD_WORKERS or the number of CPUs, %(default)s).",
        )

    def handle(self, *args, **options):
        host, port, workers = options["host"], options["port"], options["workers"]
        if not 0 < port < 65536:
            raise CommandError("The port must be between 1 and 65535.")
        if workers < 1:
            raise CommandError("There must be at least one worker.")
        if settings.DEBUG:
            if settings.PRODUCTION:
                raise CommandError(
                    "DEBUG is on in production mode (MASTHEAD_PRODUCTION=1): it would show "
                    "tracebacks and settings to readers. Set DEBUG=0."
                )
            self.stderr.write("Warning: DEBUG is on; never serve readers like this.")
        reason = stale_reason()
        if reason:
            self.stdout.write(f"Collecting static files first: {reason}.")
            call_command("collectstatic", interactive=False, verbosity=0)
        metrics_dir = fresh_metrics_dir(port)
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        # Nothing of this process survives the exec; close what it opened cleanly.
        connections.close_all()
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} worker(s).")
        self.stdout.flush()
        sys.stderr.flush()
        raise_open_file_limit(CONNECTIONS_PER_WORKER + 1024)  # per process: each worker is one
        command = server_command(host, port, workers)
        os.execve(command[0], command, env)  # noqa: S606 - our own interpreter and arguments
