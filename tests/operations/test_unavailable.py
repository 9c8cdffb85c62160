"""The designed 503 page, in process: errors from views and from middleware alike.

test_database_down.py stops a real PostgreSQL server under a running site.
"""

import logging

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.test import Client
from wagtail.models import Site

from masthead.operations.unavailable import unavailable_response


def assert_designed_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="' in html and "<title>" in html and "<h1>" in html
    assert "briefly unavailable" in html and "try again in a minute" in html
    assert "Traceback" not in html and "OperationalError" not in html


def error_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_page_renders_without_the_database(settings):
    # No database fixture: any query here would fail the test.
    settings.WAGTAIL_SITE_NAME = "The Test Gazette"
    response = unavailable_response()
    assert_designed_page(response)
    assert "The Test Gazette" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_gets_the_page_and_one_error_log(
    client, home, monkeypatch, caplog, error
):
    def database_down(request):
        raise error("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Site, "find_for_request", database_down)
    response = client.get("/")
    assert_designed_page(response)
    [record] = error_records(caplog)
    assert record.name == "masthead.operations" and record.exc_info[0] is error

    monkeypatch.undo()
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_database_error_in_the_session_middleware_gets_the_page_too(home, monkeypatch, caplog):
    def database_down(self, request):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionMiddleware, "process_request", database_down)
    response = Client(raise_request_exception=False).get("/")
    assert_designed_page(response)
    # Django has logged it, with its traceback; nobody logs it a second time.
    assert len(error_records(caplog)) == 1


@pytest.mark.django_db
def test_other_errors_are_left_to_the_500_page(home, monkeypatch):
    def broken(request):
        raise ValueError("not a database problem")

    monkeypatch.setattr(Site, "find_for_request", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_debug_mode_shows_the_developer_the_real_error(client, home, monkeypatch, settings):
    settings.DEBUG = True

    def missing_table(request):
        raise OperationalError("no such table: wagtailcore_site")

    monkeypatch.setattr(Site, "find_for_request", missing_table)
    with pytest.raises(OperationalError):
        client.get("/")
