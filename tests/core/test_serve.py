"""``masthead serve``, the production server, as an operator starts it."""

import gzip
import http.client
import json
import secrets
import sys
import urllib.request
from email.message import Message

import pytest
from servers import app_server, free_port, masthead, production_env

from masthead.core.management.commands import serve


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
    env = production_env(tmp_path / "var", DEBUG="1")
    with pytest.raises(RuntimeError, match="DEBUG is on in production mode"):
        masthead(env, "serve", "--port", str(free_port()), timeout=120)


def test_serves_in_production_with_collected_compressed_immutable_static_files(tmp_path):
    """Started on a fresh folder: it collects the static files, then serves them."""
    var_dir, log, port = tmp_path / "var", tmp_path / "serve.log", free_port()
    env = production_env(var_dir, MASTHEAD_METRICS="1")
    with app_server(env, port, workers=2, log=log) as base:
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
    assert "Collecting static files first: there is no readable static manifest" in log.read_text()


def raw_get(base: str, path: str, **headers: str) -> tuple[int, Message, bytes]:
    """One GET with ``path`` sent exactly as written (no client-side clean-up of ``..``)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_serves_pictures_from_media_root_without_a_front_server(tmp_path):
    """Without nginx in front, /media/ pictures still reach readers, and nothing else does."""
    var_dir = tmp_path / "var"
    env = production_env(var_dir)
    masthead(env, "setup")
    media = var_dir / "media"
    rendition = media / "images" / "harbour.width-480.avif"
    original = media / "original_images" / "harbour.jpg"
    for picture in (rendition, original):
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_bytes(secrets.token_bytes(3000))
    (media / "documents").mkdir()
    (media / "documents" / "private.html").write_text("<script>alert(1)</script>")
    (var_dir / "outside.txt").write_text("not media")

    with app_server(env) as base:
        status, headers, body = raw_get(base, "/media/images/harbour.width-480.avif")
        assert status == 200 and body == rendition.read_bytes()
        assert headers["Content-Type"] == "image/avif"
        assert headers["Cache-Control"] == f"public, max-age={30 * 24 * 3600}"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Last-Modified" in headers

        status, _, body = raw_get(
            base,
            "/media/images/harbour.width-480.avif",
            **{"If-Modified-Since": headers["Last-Modified"]},
        )
        assert (status, body) == (304, b"")

        status, headers, body = raw_get(
            base, "/media/images/harbour.width-480.avif", **{"Accept-Encoding": "gzip"}
        )
        assert status == 200 and "Content-Encoding" not in headers  # compressed already
        assert body == rendition.read_bytes()
        assert headers["Content-Length"] == str(len(body))

        status, headers, body = raw_get(base, "/media/original_images/harbour.jpg")
        assert status == 200 and headers["Content-Type"] == "image/jpeg"
        assert body == original.read_bytes()

        refused = [
            "/media/images/",  # no directory listing
            "/media/",
            "/media/images/missing.jpg",
            "/media/documents/private.html",  # documents go through Wagtail's view
            "/media/images/../documents/private.html",
            "/media/images/%2e%2e/documents/private.html",
            "/media/images/..%2f..%2foutside.txt",
            "/media/../outside.txt",
            "/media/images/../../outside.txt",
            "/media//etc/passwd",
        ]
        for path in refused:
            status, _, body = raw_get(base, path)
            assert status in (400, 404), (path, status)
            assert b"alert(1)" not in body and b"not media" not in body and b"root:" not in body


def test_a_dozen_idle_connections_do_not_stop_a_worker_answering(tmp_path):
    """Granian counts open connections against its backpressure, idle ones included.

    With the limit at the thread count (4), four connections that sent nothing
    left a one-worker server answering nobody; slowloris needs no more. A dozen
    such connections, and then a hundred, must leave it answering at once.
    """
    import socket
    import time

    var_dir = tmp_path / "var"
    env = production_env(var_dir)
    masthead(env, "setup")
    with app_server(env, workers=1) as base:
        port = int(base.rsplit(":", 1)[1])
        idle = []
        try:
            for count in (12, 100):
                while len(idle) < count:
                    idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                time.sleep(0.5)
                started = time.monotonic()
                with get(base + "/healthz") as response:
                    assert response.status == 200, count
                assert time.monotonic() - started < 5, count
        finally:
            for connection in idle:
                connection.close()
