"""The database goes down under a running site, and comes back: for real.

The site runs as in production, in ``masthead serve`` (Granian) with one worker
process whose threads keep their database connections from one request to the
next (CONN_MAX_AGE, health checks on). Each look at the site is a burst of
concurrent requests, twice as many as the threads, so that every thread's
connection is opened before the outage, broken by it, and has to recover after
it. The database is a PostgreSQL cluster this test creates, stops and starts;
the suite's own is left alone.
"""

import os
import pwd
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message

import pytest
from operations_helpers import PostgresCluster, postgres_bin_dir
from servers import app_server, masthead, masthead_env

from masthead.core.management.commands.serve import THREADS_PER_WORKER

BURST = 2 * THREADS_PER_WORKER


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


def get(url: str) -> tuple[int, Message, str]:
    """Status, headers (looked up whatever their case: Granian sends them lower-case) and body."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - our own server
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def burst(url: str) -> list[tuple[int, Message, str]]:
    """``BURST`` requests for ``url`` at once, so that every thread of the server answers."""
    with ThreadPoolExecutor(BURST) as pool:
        return list(pool.map(get, [url] * BURST))


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
    """The site, migrated with `masthead setup` and served by `masthead serve`; its base URL."""
    env = masthead_env(
        tmp_path / "var",
        DATABASE_URL=cluster.url,
        # Cached pages would still be served while the database is down, which is
        # the point of the page cache but not what this test looks at.
        MASTHEAD_PAGE_CACHE="0",
        ALLOWED_HOSTS="127.0.0.1",
    )
    masthead(env, "setup", "-v", "0", timeout=180)
    with app_server(env, log=tmp_path / "server.log") as base:
        yield base


def test_the_site_shows_the_503_page_while_the_database_is_down_and_recovers(cluster, site):
    assert [status for status, _, _ in burst(f"{site}/")] == [200] * BURST

    cluster.stop()
    for status, headers, html in burst(f"{site}/"):
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
    refused = [html[:300] for status, _, html in burst(f"{site}/") if status != 200]
    assert not refused, refused[0]
    assert get(f"{site}/readyz")[0] == 200
