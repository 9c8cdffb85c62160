"""Real Masthead processes for the tests that need more than the test client.

Each runs the installed ``masthead`` command in a subprocess, with its own
``MASTHEAD_VAR_DIR`` (and so its own SQLite file, cache and media) unless the
environment names a database, and answers on a free loopback port.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

MASTHEAD = Path(sys.executable).with_name("masthead")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def masthead_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like Masthead process on its own var dir."""
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(var_dir), "DEBUG": ""}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL"):
        env.pop(name, None)
    env.update(extra)
    return env


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


def wait_for(url: str, process: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except URLError as error:
            if getattr(error, "code", None):  # an HTTP error is an answer
                return
        except OSError:
            pass
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise RuntimeError(f"Nothing answered at {url}.")
        time.sleep(0.2)


@contextmanager
def running(command: list[str], env: dict[str, str], ready_url: str) -> Iterator[subprocess.Popen]:
    """A long-running process, stopped at the end; up once ``ready_url`` answers."""
    process = subprocess.Popen(  # noqa: S603 - our own commands and Debian's nginx
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        try:
            wait_for(ready_url, process)
        except RuntimeError:
            process.kill()
            raise RuntimeError(f"{command[0]} did not start:\n{process.stderr.read()}") from None
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def app_server(env: dict[str, str], port: int | None = None, workers: int = 1):
    """``masthead serve`` on a free loopback port; yields its base URL."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(MASTHEAD), "serve", "--port", str(port), "--workers", str(workers)]
    with running(command, env, base + "/healthz"):
        yield base
