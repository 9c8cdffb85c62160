"""WordPress comments land in Masthead's comments with threads, statuses and private fields."""

from datetime import UTC, datetime

import pytest

from masthead.importers.comments import comment_model, comment_text
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(imported):
    model = comment_model()
    if model is None:
        pytest.skip("masthead.comments has no database table yet")
    article = ArticlePage.objects.get(slug="ferry-timetable-changes")
    return {c.author_name: c for c in model.objects.filter(article=article)}


def test_threads_statuses_and_dates_are_kept(comments):
    maria, ana, per = comments["Maria Lund"], comments["Ana Ruiz"], comments["Per Holm"]
    assert (maria.parent, maria.depth) == (None, 1)
    assert (ana.parent, ana.thread, ana.depth) == (maria, maria, 2)
    assert (per.parent, per.thread, per.depth) == (ana, maria, 3)
    assert maria.created_at == datetime(2024, 3, 12, 10, 0, tzinfo=UTC)
    statuses = {name: comment.status for name, comment in comments.items()}
    assert statuses == {
        "Maria Lund": "approved",
        "Ana Ruiz": "approved",
        "Per Holm": "approved",
        "Held Commenter": "pending",
        "Cheap Pills": "spam",
        "Binned": "trash",
    }
    # The story's author replying is marked as such; pingbacks are not comments.
    assert ana.role == "author"
    assert "Another Blog" not in comments


def test_private_fields_are_stored_privately_and_text_is_safe(comments, client):
    maria = comments["Maria Lund"]
    assert maria.author_email == "maria.lund@mail.example"
    assert maria.author_ip == "203.0.113.7"
    assert maria.author_url == "https://marialund.example"
    assert "the new timetable (https://harbour.example/timetable)" in maria.body
    assert "<b>" not in maria.body
    html = client.get(maria.article.url).content.decode()
    assert "maria.lund@mail.example" not in html
    assert "203.0.113.7" not in html
    assert "Cheap Pills" not in html
    assert "Waiting for moderation." not in html


def test_comment_html_becomes_plain_text():
    assert comment_text("<p>One</p><p>Two<br/>lines &amp; more</p>") == "One\n\nTwo\nlines & more"
    assert comment_text('<a href="javascript:x()">click</a>') == "click"


def test_without_the_comments_app_comments_are_counted_not_lost(site, uploads, monkeypatch):
    from wordpress_helpers import HARBOUR_EXPORT, run_import

    monkeypatch.setattr("masthead.importers.comments.comment_model", lambda: None)
    report = run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
    assert "7 × comments app not installed" in report
