"""Two app servers and a worker on one PostgreSQL and one Redis share the work.

The stack is the production one, as real processes: ``masthead setup`` on a
fresh PostgreSQL database of this test's own, then two ``masthead serve
--workers 1`` (A and B) on two free ports and one ``masthead worker``, all with
REDIS_URL (tasks through RQ, the shared cache) and MASTHEAD_PRODUCTION on. The
test talks to them over HTTP like a browser behind a TLS-terminating proxy
(``X-Forwarded-Proto: https``, so Django's secure cookies and CSRF checks are
the production ones) and checks that the two servers are interchangeable:

* a reader gets the same story from A and from B;
* an editor who logs in through A is logged in on B (sessions in the database);
* a newsletter send started through B is carried out by the worker (a task
  through Redis) and the mail goes out;
* an edit published through A shows on B at once, even though B had the page in
  the shared page cache.

It runs only where the suite runs on PostgreSQL and scripts/test.sh has started
the test Redis server (MASTHEAD_TEST_REDIS_URL).
"""

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from lxml import html
from servers import app_server, masthead, production_env, until, worker

DATABASE_URL = os.environ.get("DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("MASTHEAD_TEST_REDIS_URL", "")
# This test's own database on the test Redis server, emptied before and after.
REDIS_DATABASE = 6
STARTUP_SECONDS = 60
WORKER_SECONDS = 60

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not TEST_REDIS_URL,
    reason="scale-out needs PostgreSQL (DATABASE_URL) and Redis (MASTHEAD_TEST_REDIS_URL); "
    "scripts/test.sh provides both in its PostgreSQL run",
)

# A small newsroom, an editor, and a newsletter edition ready to send to one reader.
SEED = """
import json
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from masthead.news.authoring import add_article, add_section, ensure_news_site
from masthead.newsletters.models import (
    Edition, EditionArticle, NewsletterList, Subscriber, Subscription, SubscriptionStatus,
)

home = ensure_news_site("The Scale-Out Times", "127.0.0.1", 80)
section = add_section(home, "Harbour", "News from the waterfront.")
story = add_article(section, "Ferry returns to the old quay", paragraphs=["Ten years on."])
daily = NewsletterList.objects.create(name="Daily", slug="daily")
reader = Subscriber.objects.create(email="reader@example.org")
Subscription.objects.create(
    subscriber=reader, newsletter=daily, status=SubscriptionStatus.ACTIVE,
    confirmed_at=timezone.now(),
)
edition = Edition.objects.create(newsletter=daily, subject="The scale-out edition")
EditionArticle.objects.create(edition=edition, article=story)
out = StringIO()
call_command("create_editor", stdout=out)
print(json.dumps({
    "password": out.getvalue().split("password: ")[1].split()[0],
    "story_path": story.get_url_parts()[2],
    "section_path": section.get_url_parts()[2],
    "section_id": section.pk,
    "edition_id": edition.pk,
}))
"""


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection():
    import psycopg

    return psycopg.connect(DATABASE_URL, autocommit=True)


class Browser:
    """One person's HTTP client, as seen by the app behind a TLS-terminating proxy.

    It keeps its cookies itself: the production cookies are Secure, which
    ordinary clients rightly refuse to send over the plain HTTP between the
    proxy and the app servers.
    """

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, base: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = base.replace("http://", "https://")
        response = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, base: str, path: str) -> requests.Response:
        return self.request("GET", base, path)

    def post(self, base: str, path: str, data) -> requests.Response:
        return self.request("POST", base, path, data=data)

    def submit(
        self, base: str, path: str, form_id: str | None = None, **changes
    ) -> requests.Response:
        """Fill in the form on ``path`` as a browser would (every field it holds), change
        some fields, and send it."""
        page = self.get(base, path)
        assert page.status_code == 200, (path, page.status_code)
        document = html.fromstring(page.text)
        forms = [form for form in document.forms if form_id is None or form.get("id") == form_id]
        assert forms, f"no form {form_id or ''} on {path}"
        values = [(name, value) for name, value in forms[0].form_values() if name not in changes]
        values += list(changes.items())
        return self.post(base, path, values)


def headline(page: requests.Response) -> str:
    return html.fromstring(page.text).findtext(".//h1").strip()


class Stack:
    """The settings the processes share, where to reach them, and their logs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.var_dir = folder / "var"
        self.database = f"masthead_scaleout_{os.getpid()}"
        self.redis_url = TEST_REDIS_URL.rsplit("/", 1)[0] + f"/{REDIS_DATABASE}"
        self.env = production_env(
            self.var_dir,
            DATABASE_URL=with_database(DATABASE_URL, self.database),
            REDIS_URL=self.redis_url,
            # Mail is written to var/mail instead of going to an SMTP server.
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        )

    @property
    def logs(self) -> list[Path]:
        return sorted(self.folder.glob("*.log"))

    def ready(self) -> bool:
        """Both servers answer for their database and Redis, not only for themselves."""
        return all(
            requests.get(f"{base}/readyz", timeout=5).status_code == 200
            for base in (self.a, self.b)
        )


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    import redis

    stack = Stack(tmp_path_factory.mktemp("scaleout"))
    store = redis.Redis.from_url(stack.redis_url)
    store.flushdb()
    with admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {stack.database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {stack.database}")
    try:
        masthead(stack.env, "setup", timeout=180)
        stack.seed = json.loads(masthead(stack.env, "shell", "-c", SEED).splitlines()[-1])
        with ExitStack() as processes:
            # One after the other: the first start collects the static files both use.
            stack.a, stack.b = (
                processes.enter_context(
                    app_server(stack.env, log=stack.folder / f"server-{name}.log")
                )
                for name in "ab"
            )
            processes.enter_context(worker(stack.env, stack.folder / "worker.log"))
            until(stack.ready, STARTUP_SECONDS, "both servers ready", stack.logs)
            yield stack
    finally:
        with admin_connection() as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {stack.database} WITH (FORCE)")
        store.flushdb()


@pytest.fixture(scope="module")
def editor(stack) -> Browser:
    """The editor, logged in through A's admin login form."""
    browser = Browser()
    response = browser.submit(
        stack.a, "/admin/login/", username="editor", password=stack.seed["password"]
    )
    assert response.status_code == 302, response.text[:2000]
    assert "sessionid" in browser.cookies
    return browser


def test_a_reader_gets_the_same_story_from_both_servers(stack):
    reader = Browser()
    path = stack.seed["story_path"]
    from_a, from_b = reader.get(stack.a, path), reader.get(stack.b, path)
    assert from_a.status_code == from_b.status_code == 200
    assert headline(from_a) == headline(from_b) == "Ferry returns to the old quay"
    for base in (stack.a, stack.b):
        assert "Ferry returns to the old quay" in reader.get(base, "/").text


def test_an_editor_logged_in_through_a_is_logged_in_on_b(stack, editor):
    assert editor.get(stack.b, "/admin/").status_code == 200
    stranger = Browser()
    assert stranger.get(stack.b, "/admin/").status_code == 302  # to the login page


def test_a_send_started_through_b_is_carried_out_by_the_worker(stack, editor):
    send_page = f"/admin/newsletters/editions/{stack.seed['edition_id']}/send/"
    page = editor.get(stack.b, send_page)
    assert page.status_code == 200
    token = html.fromstring(page.text).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    started = editor.post(
        stack.b, send_page, {"csrfmiddlewaretoken": token, "action": "send", "confirm": "on"}
    )
    assert started.status_code == 302, started.text[:2000]

    mail_dir = stack.var_dir / "mail"

    def sent() -> list[Path]:
        return [m for m in mail_dir.glob("*.log") if "The scale-out edition" in m.read_text()]

    until(sent, WORKER_SECONDS, "the worker to send the edition", stack.logs)
    assert "To: reader@example.org" in sent()[0].read_text()


def test_an_edit_published_through_a_shows_on_b_at_once(stack, editor):
    reader = Browser()
    path = stack.seed["section_path"]
    before = [reader.get(stack.b, path) for _ in range(2)]
    assert "News from the waterfront." in before[-1].text
    if "X-Cache" in before[-1].headers:
        # B answers from the shared page cache: the edit must clear it.
        assert before[-1].headers["X-Cache"] == "hit"

    new_intro = f"Ferries every hour from today ({secrets.token_hex(4)})."
    edit_page = f"/admin/pages/{stack.seed['section_id']}/edit/"
    published = editor.submit(
        stack.a, edit_page, "page-edit-form", intro=new_intro, **{"action-publish": "1"}
    )
    assert published.status_code == 302, html.fromstring(published.text).text_content()[:3000]

    after = reader.get(stack.b, path)
    assert after.status_code == 200
    assert new_intro in after.text
