"""WebSub and IndexNow pings: queued on publish, sent by the worker, retried with backoff.

The services are played by a small HTTP server on 127.0.0.1 started per test.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django_tasks_db.models import DBTaskResult

from masthead.distribution.models import Ping
from masthead.distribution.tasks import MAX_ATTEMPTS, deliver_ping
from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    """Answers every POST with the server's ``status`` and keeps what it received."""

    def do_POST(self):  # noqa: N802 - the http.server API
        length = int(self.headers.get("Content-Length", 0))
        self.server.received.append(
            (self.path, self.headers.get("Content-Type"), self.rfile.read(length))
        )
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    server.status = 204
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def configured(settings, service):
    settings.MASTHEAD_WEBSUB_HUBS = [f"{service.url}/hub"]
    settings.MASTHEAD_INDEXNOW_KEY = "0123456789abcdef"
    settings.MASTHEAD_INDEXNOW_ENDPOINTS = [f"{service.url}/indexnow"]
    return service


def queued_ping_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="deliver_ping")


def publish(section, author, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return add_article(
            section, "Bridge reopens", paragraphs=["x"], authors=[author], tags=["Roads"], **kwargs
        )


def test_nothing_is_sent_by_default(section, author, django_capture_on_commit_callbacks):
    publish(section, author, django_capture_on_commit_callbacks)
    assert Ping.objects.count() == 0
    assert not queued_ping_tasks().exists()


def test_publishing_queues_pings_for_the_worker_and_does_not_send(
    configured, section, author, django_capture_on_commit_callbacks
):
    publish(section, author, django_capture_on_commit_callbacks)
    assert configured.received == []  # publishing itself sent nothing
    pings = {ping.kind: ping for ping in Ping.objects.all()}
    assert set(pings) == {"websub", "indexnow"}
    assert queued_ping_tasks().count() == 2
    topics = pings["websub"].urls
    for feed in ("/feeds/rss/", "/feeds/sections/community/atom/", "/feeds/tags/roads/rss/"):
        assert f"http://testserver{feed}" in topics
    assert f"http://testserver/feeds/authors/{author.slug}/rss/" in topics
    assert pings["indexnow"].urls == [
        "http://testserver/community/bridge-reopens/",
        "http://testserver/community/",
        "http://testserver/",
    ]


def test_the_worker_delivers_websub_and_indexnow(
    configured, section, author, django_capture_on_commit_callbacks
):
    publish(section, author, django_capture_on_commit_callbacks)
    for ping in Ping.objects.all():
        assert deliver_ping.call(ping.pk) == "sent"
    assert set(Ping.objects.values_list("status", flat=True)) == {"sent"}

    hub_posts = [body for path, _type, body in configured.received if path == "/hub"]
    published = {parse_qs(body.decode())["hub.url"][0] for body in hub_posts}
    assert "http://testserver/feeds/atom/" in published
    assert all(parse_qs(body.decode())["hub.mode"] == ["publish"] for body in hub_posts)

    [(_path, content_type, body)] = [r for r in configured.received if r[0] == "/indexnow"]
    assert content_type.startswith("application/json")
    payload = json.loads(body)
    assert payload == {
        "host": "testserver",
        "key": "0123456789abcdef",
        "keyLocation": "http://testserver/0123456789abcdef.txt",
        "urlList": [
            "http://testserver/community/bridge-reopens/",
            "http://testserver/community/",
            "http://testserver/",
        ],
    }


def test_a_service_that_is_down_is_retried_later_then_given_up(
    configured, section, author, django_capture_on_commit_callbacks
):
    configured.status = 503
    publish(section, author, django_capture_on_commit_callbacks)
    ping = Ping.objects.get(kind="indexnow")
    before = queued_ping_tasks().count()
    assert deliver_ping.call(ping.pk) == "will retry"
    ping.refresh_from_db()
    assert ping.status == "pending" and ping.attempts == 1
    assert "HTTP 503" in ping.last_error
    retry = queued_ping_tasks().order_by("-enqueued_at").first()
    assert queued_ping_tasks().count() == before + 1
    assert retry.run_after == ping.next_attempt_at > ping.last_attempt_at

    for _attempt in range(MAX_ATTEMPTS - 1):
        deliver_ping.call(ping.pk)
    ping.refresh_from_db()
    assert ping.status == "failed" and ping.attempts == MAX_ATTEMPTS
    assert deliver_ping.call(ping.pk) == "nothing to send"


def test_a_refused_ping_is_not_retried(
    configured, section, author, django_capture_on_commit_callbacks
):
    configured.status = 403  # e.g. IndexNow does not accept the key
    publish(section, author, django_capture_on_commit_callbacks)
    ping = Ping.objects.get(kind="indexnow")
    assert deliver_ping.call(ping.pk) == "gave up"
    ping.refresh_from_db()
    assert ping.status == "failed" and ping.attempts == 1


def test_an_unreachable_hub_never_blocks_publishing(
    settings, section, author, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_WEBSUB_HUBS = ["http://127.0.0.1:9/hub"]  # nothing listens there
    article = publish(section, author, django_capture_on_commit_callbacks)
    assert article.live
    ping = Ping.objects.get()
    assert deliver_ping.call(ping.pk) == "will retry"
    assert "could not be reached" in Ping.objects.get().last_error


def test_private_stories_are_not_announced(
    configured, home, section, author, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    publish(section, author, django_capture_on_commit_callbacks)
    assert Ping.objects.count() == 0


def test_indexnow_key_file_is_served_only_for_the_configured_key(client, settings, home):
    assert client.get("/0123456789abcdef.txt").status_code == 404
    settings.MASTHEAD_INDEXNOW_KEY = "0123456789abcdef"
    response = client.get("/0123456789abcdef.txt")
    assert response.status_code == 200 and response.content == b"0123456789abcdef"
    assert client.get("/fedcba9876543210.txt").status_code == 404
