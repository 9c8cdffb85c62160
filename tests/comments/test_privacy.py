"""A commenter's email address never appears in anything the public can fetch.

The test gives a reader approved, held, spam and reply comments, then crawls the
whole public site as an anonymous visitor: every page linked from the home page,
every link, feed and sitemap they lead to, the comment pages with their query
strings, refusal pages and error pages. No response may contain the address in
any spelling (plain, URL-encoded, HTML-escaped, upper case).
"""

import html
import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from comments_helpers import form_data
from django.test import Client
from django.urls import reverse

from masthead.comments.models import Comment
from masthead.comments.posting import held_preview_token

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secret.reader@private-mail.test"
MAX_PAGES = 400
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
EXTRA_PATHS = [
    "/sitemap.xml",
    "/robots.txt",
    "/feed/",
    "/rss/",
    "/feeds/",
    "/atom/",
    "/api/",
    "/api/v2/pages/",
    "/search/?q=secret.reader",
    "/no-such-page/",
    "/comments/post/999999/",
]


def spellings(email: str) -> list[str]:
    return [email.lower(), email.split("@")[0].lower() + "@", "private-mail.test"]


def leaked(body: bytes) -> str:
    """The spelling of the secret address found in ``body``, or ""."""
    text = body.decode("utf-8", "replace")
    candidates = [text, html.unescape(text), unquote(text), html.unescape(unquote(text))]
    for candidate in candidates:
        lowered = candidate.lower().replace("\\u0040", "@").replace("\\/", "/")
        for spelling in spellings(SECRET_EMAIL):
            if spelling in lowered:
                return spelling
    return ""


def links_in(url: str, body: bytes) -> list[str]:
    found = []
    for raw in LINK.findall(body.decode("utf-8", "replace")):
        target = urljoin(url, html.unescape(raw))
        parts = urlsplit(target)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        if parts.path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.fixture
def commented_story(article, rules):
    """The secret reader's comments in every state, a reply to them, and a website."""
    rules.flood_seconds = 0
    rules.save()
    approved = Comment.objects.create(
        article=article,
        author_name="Secret Reader",
        author_email=SECRET_EMAIL,
        author_url="https://secret-reader.example",
        author_ip="198.51.100.23",
        body="A perfectly ordinary approved comment.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        article=article,
        parent=approved,
        thread=approved,
        depth=2,
        author_name="Someone Else",
        author_email="someone@reader.test",
        body="A reply to the secret reader.",
        status=Comment.Status.APPROVED,
    )
    pending = Comment.objects.create(
        article=article,
        author_name="Secret Reader",
        author_email=SECRET_EMAIL,
        body="A held comment.",
        status=Comment.Status.PENDING,
    )
    Comment.objects.create(
        article=article,
        author_name="Secret Reader",
        author_email=SECRET_EMAIL,
        body="Something flagged as spam.",
        status=Comment.Status.SPAM,
    )
    return article, approved, pending


def test_no_public_response_contains_a_commenters_email(commented_story):
    article, approved, pending = commented_story
    # Server errors are rendered like in production (500.html) and scanned like the rest.
    client = Client(raise_request_exception=False)
    queue = [
        "/",
        article.url,
        f"{article.url}?replytocom={approved.pk}",
        f"{article.url}?held={held_preview_token(pending)}",
        f"{article.url}?cpage=2",
        *EXTRA_PATHS,
    ]
    seen: set[str] = set()
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        fetched += 1
        body = b"".join(response) if response.streaming else response.content
        spelling = leaked(body)
        assert not spelling, f"{url} contains the commenter's address ({spelling!r})"
        if response.status_code == 200:
            queue += [link for link in links_in(url, body) if link not in seen]

    assert fetched > 5, "the crawl found too little to mean anything"
    assert article.url in seen

    # Refusal pages shown to another reader (replayed token, flooding) leak nothing either.
    post_url = reverse("comments:post", args=[article.pk])
    data = form_data(article, email="other@reader.test", comment="Hello.")
    for _ in range(2):
        response = client.post(post_url, data)
        assert not leaked(response.content)
    response = client.post(post_url, {**data, "token": "forged"})
    assert response.status_code == 400 and not leaked(response.content)
