"""One address for the site: the Site record and e-mailed links follow where it is served."""

import io
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command
from wagtail.models import Site

from masthead.core.site_address import align_default_site, development_address, host_and_port


def test_addresses_become_the_site_records_hostname_and_port():
    assert host_and_port("https://news.example.org") == ("news.example.org", 443)
    assert host_and_port("http://news.example.org/") == ("news.example.org", 80)
    assert host_and_port("http://127.0.0.1:9123") == ("127.0.0.1", 9123)
    assert development_address("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert development_address("::1", 8080) == "http://[::1]:8080"


@pytest.mark.django_db
def test_setup_gives_the_site_record_the_public_address(settings, home):
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org/"
    out = io.StringIO()
    call_command("setup", stdout=out)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("news.example.org", 443)
    assert home.specific.full_url == "https://news.example.org/"
    assert "Site address: https://news.example.org/" in out.getvalue()


@pytest.mark.django_db
def test_another_sites_address_is_never_taken_over(settings, home):
    Site.objects.create(hostname="news.example.org", port=443, root_page=home)
    site = align_default_site("https://news.example.org")
    assert (site.hostname, site.port) != ("news.example.org", 443)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_masthead_run_on_another_port_puts_that_port_in_the_site_record(tmp_path):
    """``masthead run --port`` is where a development site's address comes from."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("MASTHEAD_BASE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environ.update(MASTHEAD_VAR_DIR=str(tmp_path), MASTHEAD_HOME=str(tmp_path))
    command = [sys.executable, "-m", "masthead"]
    setup = subprocess.run(  # noqa: S603
        [*command, "setup"], env=environ, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    assert "Site address: http://127.0.0.1:8000/" in setup.stdout

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*command, "run", "--port", str(port), "--no-worker"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=20)

    with sqlite3.connect(tmp_path / "masthead.sqlite3") as database:
        rows = database.execute(
            "SELECT hostname, port FROM wagtailcore_site WHERE is_default_site"
        ).fetchall()
    assert rows == [("127.0.0.1", port)]
