"""``masthead serve``, the production server, as an operator starts it."""

import gzip
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from masthead.core.management.commands import serve

REPO = Path(__file__).resolve().parents[2]


def production_env(var_dir: Path, **extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR"}
        and not key.startswith("MASTHEAD_")
    }
    env.update(
        {
            "MASTHEAD_PRODUCTION": "1",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "MASTHEAD_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
        }
        | extra
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    return urllib.request.urlopen(request, timeout=10)  # noqa: S310 - a local test server


def test_options_default_to_the_environment(monkeypatch):
    monkeypatch.setenv("MASTHEAD_HOST", "0.0.0.0")
    monkeypatch.setenv("MASTHEAD_PORT", "9001")
    monkeypatch.setenv("MASTHEAD_WORKERS", "3")
    options = serve.Command().create_parser("masthead", "serve").parse_args([])
    assert (options.host, options.port, options.workers) == ("0.0.0.0", 9001, 3)

    for name in ("MASTHEAD_HOST", "MASTHEAD_PORT", "MASTHEAD_WORKERS"):
        monkeypatch.delenv(name)
    options = serve.Command().create_parser("masthead", "serve").parse_args(["--port", "8080"])
    assert (options.host, options.port) == ("127.0.0.1", 8080)
    assert options.workers == serve.available_cpus()


def test_the_server_is_granian_running_the_wsgi_app():
    command = serve.server_command("127.0.0.1", 8123, 2)
    assert command[:3] == [sys.executable, "-m", "granian"]
    assert command[-1] == "masthead.wsgi:application"
    text = " ".join(command)
    assert "--interface wsgi" in text and "--workers 2" in text and "--port 8123" in text


def test_metrics_folder_is_emptied_of_old_samples(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "prometheus" / "8000"
    folder.mkdir(parents=True)
    (folder / "counter_1234.db").write_bytes(b"old samples")
    (folder / "README").write_text("not ours to delete")
    assert serve.fresh_metrics_dir(8000) == folder
    assert [p.name for p in folder.iterdir()] == ["README"]


def test_refuses_to_start_with_debug_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "masthead", "serve", "--port", str(free_port())],
        env=production_env(tmp_path / "var", DEBUG="1"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG is on in production mode" in result.stderr


def test_serves_in_production_with_collected_compressed_immutable_static_files(tmp_path):
    """Started on a fresh folder: it collects the static files, then serves them."""
    var_dir = tmp_path / "var"
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "masthead", "serve", "--port", str(port), "--workers", "2"],
        env=production_env(var_dir, MASTHEAD_METRICS="1"),
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so that its workers can be stopped with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with get(f"{base}/healthz") as response:
                    assert response.status == 200
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = (tmp_path / "serve.log").read_text()
                    pytest.fail(f"the server did not start:\n{output}")
                time.sleep(0.3)

        manifest = json.loads((var_dir / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["wagtailadmin/css/core.css"]
        with get(f"{base}/static/{hashed}", **{"Accept-Encoding": "gzip"}) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            cache_control = response.headers["Cache-Control"]
            body = gzip.decompress(response.read())
        assert "immutable" in cache_control and "public" in cache_control
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert max_age >= 365 * 24 * 3600
        assert body == (var_dir / "static" / hashed).read_bytes()

        # The workers count requests in multiprocess mode: their sample files appear.
        metrics_dir = var_dir / "prometheus" / str(port)
        assert list(metrics_dir.glob("*.db")), "no multiprocess metrics files"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    output = (tmp_path / "serve.log").read_text()
    assert "Collecting static files first: there is no readable static manifest" in output
