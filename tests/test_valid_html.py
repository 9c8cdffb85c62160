"""Every page a reader can reach is valid HTML, as the W3C's Nu HTML Checker reads it.

The pages are fetched through Django's test client from a small newsroom with
what real stories carry (a lead picture, a table, a held and an approved
comment with a reply, tags), then checked in one run of the checker, so one
JVM start covers them all. The checker and Java are installed by
``scripts/ensure-vnu.sh``, which ``scripts/test.sh`` runs; a focused run of this
file runs it too.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import get_template
from django.test import RequestFactory
from story_factory import conversation, furnished_story

from masthead.comments.models import Comment
from masthead.core.reader_limits import refusal
from masthead.news.authoring import add_article, add_author
from masthead.newsletters.links import confirm_token, manage_token, unsubscribe_token
from masthead.newsletters.models import NewsletterList, Subscriber
from masthead.operations.unavailable import unavailable_response

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def vnu_jar() -> str:
    jar = os.environ.get("MASTHEAD_VNU_JAR")
    if not jar:
        jar = subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "ensure-vnu.sh")],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout.strip()
    return jar


@pytest.fixture
def newsroom(section, picture, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    author = add_author("Anahit Petrosyan", role="Staff writer", bio="Covers the council.")
    story = furnished_story(
        section,
        author,
        picture,
        "Library reopens after two-year renovation",
        ["<p>The central library reopened on Saturday.</p>"],
    )
    add_article(section, "Council approves the budget", paragraphs=["The vote was 34 to 18."])
    conversation(story)
    Comment.objects.create(
        article=story,
        author_name="Held Reader",
        author_email="held@reader.test",
        body="Waiting for moderation.",
        status=Comment.Status.PENDING,
    )
    NewsletterList.objects.create(name="Daily headlines", slug="daily", description="Mornings.")
    subscriber = Subscriber.objects.create(email="reader@example.org", name="Reader")
    return story, author, subscriber


def reader_pages(client, newsroom) -> dict[str, str]:
    story, author, subscriber = newsroom
    tag = story.tags.first()
    daily = NewsletterList.objects.get(slug="daily")
    urls = {
        "home": "/",
        "section": story.get_parent().url,
        "story": story.url,
        "story-replying": f"{story.url}?replytocom={Comment.objects.first().pk}#respond",
        "author": author.url,
        "tag": f"/tags/{tag.slug}/",
        "tags": "/tags/",
        "search-results": "/search/?q=library",
        "search-nothing": "/search/?q=zzyzx",
        "search-empty": "/search/",
        "newsletter-signup": "/newsletters/",
        "newsletter-check-inbox": "/newsletters/check-your-inbox/",
        "newsletter-confirm": f"/newsletters/confirm/{confirm_token(subscriber.key, [daily.pk])}/",
        "newsletter-confirm-invalid": "/newsletters/confirm/not-a-token/",
        "newsletter-manage": f"/newsletters/manage/{manage_token(subscriber.key)}/",
        "newsletter-unsubscribe": (
            f"/newsletters/unsubscribe/{unsubscribe_token(subscriber.key, None)}/"
        ),
        "not-found": "/no-such-page/",
        "embed-card": f"/embed/{story.pk}/",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        pages[name] = response.content.decode()
    request = RequestFactory().get("/")
    pages["server-error"] = get_template("500.html").render({}, request)
    pages["database-unavailable"] = unavailable_response().content.decode()
    pages["too-many-requests"] = refusal(request, "searches", 42).content.decode()
    return pages


def test_every_reader_page_is_valid_html(client, newsroom, vnu_jar, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("markup does not depend on the database: checked in the SQLite run")
    pages = reader_pages(client, newsroom)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(  # noqa: S603
        ["java", "-Xss4m", "-jar", vnu_jar, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{(m.get('extract') or '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
    assert len(pages) >= 20


PAGE_BUDGET = 60 * 1024  # bytes of HTML, before pictures (issue 18)


def test_every_reader_page_weighs_under_60_kib(client, newsroom):
    """The whole page, its inline styles included (light and dark), stays under 60 KiB."""
    sizes = {name: len(html.encode()) for name, html in reader_pages(client, newsroom).items()}
    heavy = {name: size for name, size in sizes.items() if size > PAGE_BUDGET}
    assert not heavy, heavy
    assert len(sizes) >= 20
