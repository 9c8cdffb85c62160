"""The request log: one line per request, a request id, and JSON lines on demand."""

import json
import logging
import os
from datetime import datetime

import pytest
from django.conf import settings as django_settings
from operations_helpers import run_settings_script
from pythonjsonlogger.json import JsonFormatter


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "masthead.requests"]


def json_formatter() -> JsonFormatter:
    """The formatter LOG_FORMAT=json configures, built from the LOGGING setting itself."""
    config = dict(django_settings.LOGGING["formatters"]["json"])
    factory = config.pop("()")
    assert factory == "pythonjsonlogger.json.JsonFormatter"
    return JsonFormatter(**config)


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_fields(client, caplog):
    caplog.set_level(logging.DEBUG, logger="masthead.requests")
    response = client.get("/readyz", HTTP_X_REQUEST_ID="edge-7f3a.42")

    [record] = request_records(caplog)
    line = json.loads(json_formatter().format(record))
    assert line["logger"] == "masthead.requests"
    assert line["level"] in {"INFO", "DEBUG"}
    assert datetime.fromisoformat(line["time"]).timestamp() == pytest.approx(record.created)
    assert line["message"].startswith("GET /readyz 200 ")
    assert line["method"] == "GET"
    assert line["path"] == "/readyz"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == "edge-7f3a.42" == response["X-Request-ID"]


def test_a_sane_request_id_is_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="0b3c2d-request:1")
    assert response["X-Request-ID"] == "0b3c2d-request:1"


@pytest.mark.parametrize(
    "offered", ["", "has space", "new\nline", "x" * 200, "<script>", "ünïcode"]
)
def test_an_unusable_request_id_is_replaced_by_a_new_one(client, offered):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)
    generated = response["X-Request-ID"]
    assert generated != offered
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert client.get("/healthz")["X-Request-ID"] != generated


@pytest.mark.django_db
def test_a_not_found_page_still_logs_exactly_one_line(client, caplog, home):
    caplog.set_level(logging.DEBUG)
    client.get("/no-such-story/")
    lines = request_records(caplog)
    assert [record.status for record in lines] == [404]
    assert not [record for record in caplog.records if record.name == "django.request"]


def test_log_format_json_makes_every_line_a_json_object(tmp_path):
    """In a real process with LOG_FORMAT=json: the request line, and any other logger's."""
    script = (
        "import logging, django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/healthz', HTTP_HOST='localhost', HTTP_X_REQUEST_ID='probe-1')\n"
        "logging.getLogger('masthead.example').warning('something %s', 'happened')\n"
    )
    result = run_settings_script(
        script, tmp_path, LOG_FORMAT="json", LOG_LEVEL="DEBUG", ALLOWED_HOSTS="localhost"
    )
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    request_line = next(line for line in lines if line["logger"] == "masthead.requests")
    assert request_line["path"] == "/healthz" and request_line["status"] == 200
    assert request_line["request_id"] == "probe-1"
    other = next(line for line in lines if line["logger"] == "masthead.example")
    assert other["level"] == "WARNING" and other["message"] == "something happened"
    assert {"time", "level", "logger", "message"} <= set(other)


def test_text_is_the_default_format():
    if os.environ.get("LOG_FORMAT"):
        pytest.skip("LOG_FORMAT is set in this environment")
    assert django_settings.LOGGING["handlers"]["console"]["formatter"] == "text"
