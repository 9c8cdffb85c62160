"""Real servers for the operations tests: a Redis and a PostgreSQL cluster of their own.

Both listen on 127.0.0.1 on a free port and live in a throwaway folder, so a
test can stop and start them without disturbing the suite's own database.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import free_port, until


def run_settings_script(script: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh Python with Masthead's settings, as a real process starts.

    For what is decided once per process (logging, prometheus_client's
    multiprocess mode), which the test process has already settled.
    """
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "MASTHEAD_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'unused.sqlite3'}",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - the test's own interpreter
        [sys.executable, "-W", "ignore", "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def closed_port() -> int:
    """A port nothing listens on: connections to it are refused at once."""
    return free_port()


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """``redis-server`` on a free port, in memory only."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "RedisServer":
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        until(lambda: port_open(self.port), 10, "redis-server listening")
        return self

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server binaries (Debian's layout), or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
    )
    for directory in reversed(candidates):
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


class PostgresCluster:
    """A PostgreSQL cluster of the test's own, which the test may stop and start.

    As root, initdb and the server must run as the ``postgres`` user (as in
    scripts/ensure-postgres.sh), so the folder is one that user owns, under /tmp.
    """

    PASSWORD = "throwaway-test-password"

    def __init__(self) -> None:
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="masthead-pg-down-"))
        self.data = self.root / "data"
        self.url = f"postgres://postgres:{self.PASSWORD}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(arg) for arg in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd="/", timeout=60)  # noqa: S603

    def create(self) -> None:
        password_file = self.root / "password"
        password_file.write_text(self.PASSWORD)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(password_file, "postgres")
        self._run(
            self.bin / "initdb",
            f"--pgdata={self.data}",
            "--username=postgres",
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off -c full_page_writes=off"
        )
        log = self.root / "server.log"
        self._run(self.bin / "pg_ctl", f"--pgdata={self.data}", f"--log={log}", "-o", options,
                  "--wait", "--timeout=30", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(self.bin / "pg_ctl", f"--pgdata={self.data}", "--mode=fast", "--wait", "stop")

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
