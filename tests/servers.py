"""Real Masthead processes for the tests that need more than the test client.

Each runs the installed ``masthead`` command in a subprocess, configured only by
what its caller passes: its own ``MASTHEAD_VAR_DIR`` (and so its own SQLite file,
cache and media) unless it is given a ``DATABASE_URL``. Servers answer on a free
loopback port. Every test that starts Masthead does it through here, so that
all of them start, wait for and stop it the same way.
"""

import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from django.db import connection

MASTHEAD = Path(sys.executable).with_name("masthead")
# Settings the test run or the caller's shell may hold (the suite's own database,
# DJANGO_SETTINGS_MODULE, a developer's MASTHEAD_PAGE_CACHE…). A process started
# here must not inherit them: like a deployed one, it has only what it is given.
CALLER_SETTINGS = (
    "DATABASE_",
    "REDIS_URL",
    "TASKS_BACKEND",
    "DJANGO_",
    "MASTHEAD_",
    "PROMETHEUS_",
    "EMAIL_",
    "NEWSLETTER_",
)
LOG_TAIL = 3000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def masthead_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a Masthead process on its own var dir, DEBUG off."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(CALLER_SETTINGS)}
    return env | {"MASTHEAD_VAR_DIR": str(var_dir), "DEBUG": ""} | extra


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """Production mode as an operator runs it behind a TLS-terminating proxy.

    The proxy speaks plain HTTP to Masthead, so the redirect to HTTPS is off; the
    request log (INFO) is off too, as nothing reads it here.
    """
    production = {
        "MASTHEAD_PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    return masthead_env(var_dir, **(production | extra))


def masthead(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """Run one ``masthead`` command to the end; its standard output."""
    done = subprocess.run(  # noqa: S603 - our own command
        [str(MASTHEAD), *args],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"masthead {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def tails(*logs: Path) -> str:
    """The end of each log that exists, for a failure message."""
    return "".join(
        f"\n--- {log.name}\n{log.read_text(errors='replace')[-LOG_TAIL:]}"
        for log in logs
        if log.exists()
    )


def until(
    condition: Callable[[], object], seconds: float, what: str, logs: Iterable[Path] = ()
) -> None:
    """Wait for ``condition`` to hold; on timeout, fail naming ``what``, with the logs' ends."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {seconds} s waiting for {what}.{tails(*logs)}")
        time.sleep(0.2)


def answers(url: str) -> bool:
    """Whether anything answers at ``url``: an HTTP error status is an answer too."""
    try:
        with urlopen(url, timeout=5):  # noqa: S310 - loopback
            return True
    except URLError as error:
        return bool(getattr(error, "code", None))
    except OSError:
        return False


def wait_for(url: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    """Until something answers at ``url``; fails at once if ``process`` ends before."""

    def up() -> bool:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"It ended (exit code {process.returncode}) before answering.")
        return answers(url)

    until(up, seconds, f"an answer at {url}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, so that the process stops its own children; SIGKILL for its whole session
    if it does not stop in time (which needs ``start_new_session``, as here)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running(
    command: list[str],
    env: dict[str, str],
    ready_url: str,
    log: Path | None = None,
    seconds: float = 120,
) -> Iterator[subprocess.Popen]:
    """A long-running process, stopped at the end; up once ``ready_url`` answers.

    Its output goes to ``log`` if given. Otherwise stderr is a pipe, which the
    caller must read (bench/load.py copies it to a file) unless the process
    writes little: one that logs every request stalls once the pipe is full.
    Either way what it wrote is in the error when it does not start. It runs in
    a session of its own, so that :func:`stop` can kill what it started too.
    """
    output = log.open("w") if log else None
    process = subprocess.Popen(  # noqa: S603 - our own commands and Debian's nginx
        command,
        env=env,
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if output else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        try:
            wait_for(ready_url, process, seconds)
        except (RuntimeError, TimeoutError) as error:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            said = tails(log) if log else process.stderr.read()
            raise RuntimeError(f"{command[0]} did not start: {error}\n{said}") from None
        yield process
    finally:
        stop(process)
        if output:
            output.close()


@contextmanager
def app_server(
    env: dict[str, str], port: int | None = None, workers: int = 1, log: Path | None = None
) -> Iterator[str]:
    """``masthead serve`` on a free loopback port; yields its base URL.

    It logs to ``log``, by default ``serve-<port>.log`` in its var dir: a file,
    not a pipe, because it logs every request.
    """
    port = port or free_port()
    if log is None:
        log = Path(env["MASTHEAD_VAR_DIR"]) / f"serve-{port}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    command = [str(MASTHEAD), "serve", "--port", str(port), "--workers", str(workers)]
    with running(command, env, base + "/healthz", log):
        yield base


@contextmanager
def worker(env: dict[str, str], log: Path, *args: str) -> Iterator[subprocess.Popen]:
    """``masthead worker`` (its output in ``log``), stopped at the end unless a test
    has killed it already; in a session of its own, so a test can kill it with all it
    started (``os.killpg``)."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [str(MASTHEAD), "worker", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


class SharedDatabase:
    """This test's database for a Masthead process to use, and a way to read it back.

    The process must see the rows the test has committed (``transaction=True``).
    On PostgreSQL it gets the test database itself. On SQLite pytest-django's
    test database lives in this process's memory, so it is copied, committed rows
    and all, into a file with SQLite's backup API, and the process runs on that.
    """

    def __init__(self, folder: Path):
        self.vendor = connection.vendor
        self.path = folder / "shared.sqlite3"
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )

    def rows(self, sql: str, params=()) -> list[tuple]:
        """The rows of a query written with ``?`` placeholders, as the process left them."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            # Without parameters, a literal % (as in LIKE '%x') is no placeholder.
            cursor.execute(sql.replace("?", "%s"), params or None)
            return cursor.fetchall()
