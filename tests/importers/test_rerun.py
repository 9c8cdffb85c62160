"""Importing again: the same export changes nothing, a newer one updates; dry runs write nothing."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wordpress_helpers import HARBOUR_EXPORT, run_import

from masthead.importers.comments import comment_model
from masthead.importers.models import WordPressItem
from masthead.importers.posts import PostImporter
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything an import writes, as comparable values."""
    model = comment_model()
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "path", "title", "live")),
        "revisions": Revision.objects.count(),
        "redirects": sorted(
            Redirect.objects.values_list("old_path", "redirect_page_id", "redirect_link")
        ),
        "images": list(get_image_model().objects.values_list("pk", "file", "file_hash")),
        "items": sorted(WordPressItem.objects.values_list("kind", "wp_id", "content_hash")),
        "comments": list(model.objects.values_list("pk", "status", "updated_at")) if model else [],
    }


def test_second_import_of_the_same_export_changes_nothing(imported, uploads):
    before = snapshot()
    report = run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
    assert snapshot() == before
    for line in report.splitlines():
        if line.startswith(("│ posts", "│ pages", "│ attachments", "│ authors")):
            created, updated = line.split("│")[3:5]
            assert created.strip() == "0" and updated.strip() == "0", line


def test_newer_export_updates_in_place(imported, uploads, tmp_path):
    newer = tmp_path / "newer.xml"
    text = HARBOUR_EXPORT.read_text()
    text = text.replace("Ferry timetable changes from May", "Ferry timetable changes from June")
    text = text.replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
    )
    newer.write_text(text)
    pages = Page.objects.count()
    run_import(newer, "--uploads", str(uploads))
    assert Page.objects.count() == pages
    ferry = ArticlePage.objects.get(slug="ferry-timetable-changes")
    assert ferry.title == "Ferry timetable changes from June"
    assert ferry.live
    model = comment_model()
    if model is not None:
        assert model.objects.get(author_name="Held Commenter").status == "approved"
        assert model.objects.filter(author_name="Held Commenter").count() == 1


def test_dry_run_reports_without_writing(site, uploads):
    before = snapshot()
    report = run_import(HARBOUR_EXPORT, "--uploads", str(uploads), "--dry-run")
    assert snapshot() == before
    assert "dry run: nothing was written" in report
    assert "would be created" in report
    posts = next(line for line in report.splitlines() if line.startswith("│ posts"))
    assert posts.split("│")[3].strip() == "9"


def test_an_interrupted_import_finishes_when_run_again(site, uploads, monkeypatch):
    create = PostImporter.create
    calls = {"n": 0}

    def failing_create(self, model, plan, parent):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return create(self, model, plan, parent)

    monkeypatch.setattr(PostImporter, "create", failing_create)
    report = run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
    assert "failed: RuntimeError: power cut" in report
    partial = ArticlePage.objects.count()
    monkeypatch.setattr(PostImporter, "create", create)
    run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
    assert ArticlePage.objects.count() == partial + 1 == 9
    assert len(set(ArticlePage.objects.values_list("title", flat=True))) == 9
