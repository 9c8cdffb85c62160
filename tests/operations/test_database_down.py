"""The database goes down under a running site, and comes back: for real.

The site runs in gunicorn with one synchronous worker, so every request is
answered by the same thread on the same persistent database connection, as in
production (CONN_MAX_AGE, health checks on). The database is a PostgreSQL
cluster this test creates, stops and starts; the suite's own is left alone.
"""

import os
import pwd
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from operations_helpers import PostgresCluster, free_port, postgres_bin_dir, wait_for


def skip_reason() -> str:
    if postgres_bin_dir() is None:
        return "no PostgreSQL server binaries (scripts/ensure-postgres.sh installs them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` user to own the test cluster"
    return ""


pytestmark = pytest.mark.skipif(bool(skip_reason()), reason=skip_reason() or "-")


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - our own server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


@pytest.fixture
def cluster():
    cluster = PostgresCluster()
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def site(cluster, tmp_path):
    """The site, migrated with `masthead setup` and served by gunicorn; its base URL."""
    environment = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "MASTHEAD_VAR_DIR": str(tmp_path / "var"),
        # Cached pages would still be served while the database is down, which is
        # the point of the page cache but not what this test looks at.
        "MASTHEAD_PAGE_CACHE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run(  # noqa: S603
        [sys.executable, "-W", "ignore", "-m", "masthead", "setup", "-v", "0"],
        check=True,
        env=environment,
        capture_output=True,
        timeout=180,
    )
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "gunicorn"),
            "masthead.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "1",
            "--worker-class", "sync",
            "--timeout", "60",
            # Its default control socket is one path per user, shared with other servers.
            "--no-control-socket",
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(f"{base}/healthz"), 60, "the site answering /healthz")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_the_site_shows_the_503_page_while_the_database_is_down_and_recovers(cluster, site):
    status, _, _ = get(f"{site}/")
    assert status == 200

    cluster.stop()
    status, headers, html = get(f"{site}/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["Cache-Control"] == "no-store"
    assert '<html lang="' in html and "<h1>" in html and "briefly unavailable" in html
    assert "Traceback" not in html and cluster.PASSWORD not in html
    # Alive, not ready: an orchestrator keeps the process and stops sending it readers.
    assert get(f"{site}/healthz")[0] == 200
    status, _, body = get(f"{site}/readyz")
    assert status == 503 and '"database"' in body and cluster.PASSWORD not in body

    cluster.start()
    status, _, html = get(f"{site}/")
    assert status == 200, html[:300]
    assert get(f"{site}/readyz")[0] == 200
