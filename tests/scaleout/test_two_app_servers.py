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
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from lxml import html

REPO = Path(__file__).resolve().parents[2]
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

import django

django.setup()
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    """The processes, and where to reach them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.var_dir = folder / "var"
        self.database = f"masthead_scaleout_{os.getpid()}"
        self.redis_url = TEST_REDIS_URL.rsplit("/", 1)[0] + f"/{REDIS_DATABASE}"
        self.processes: list[subprocess.Popen] = []
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MASTHEAD_", "DJANGO_", "PROMETHEUS_", "EMAIL_"))
        } | {
            "DATABASE_URL": with_database(DATABASE_URL, self.database),
            "REDIS_URL": self.redis_url,
            "DEBUG": "0",
            "MASTHEAD_PRODUCTION": "1",
            "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "MASTHEAD_VAR_DIR": str(self.var_dir),
            "DJANGO_SETTINGS_MODULE": "masthead.settings",
            # Mail is written to var/mail instead of going to an SMTP server.
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    def run(self, *command: str) -> str:
        result = subprocess.run(
            command, env=self.env, cwd=REPO, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self, name: str, *arguments: str) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "masthead", *arguments],
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-3000:]}"
            for log in sorted(self.folder.glob("*.log"))
        )

    def wait_until_ready(self, *bases: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        for base in bases:
            while True:
                try:
                    if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"{base} did not become ready:\n{self.logs()}")
                time.sleep(0.3)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


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
        stack.run(sys.executable, "-m", "masthead", "setup")
        stack.seed = json.loads(stack.run(sys.executable, "-c", SEED))
        ports = free_port(), free_port()
        stack.a, stack.b = (f"http://127.0.0.1:{port}" for port in ports)
        for name, port in zip("ab", ports, strict=True):
            stack.start(f"server-{name}", "serve", "--workers", "1", "--port", str(port))
        stack.start("worker", "worker")
        stack.wait_until_ready(stack.a, stack.b)
        yield stack
    finally:
        stack.stop()
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
    deadline = time.monotonic() + WORKER_SECONDS
    while time.monotonic() < deadline:
        sent = [m for m in mail_dir.glob("*.log") if "The scale-out edition" in m.read_text()]
        if sent:
            break
        time.sleep(0.3)
    else:
        pytest.fail(f"the worker sent no edition within {WORKER_SECONDS} s:\n{stack.logs()}")
    assert "To: reader@example.org" in sent[0].read_text()


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
