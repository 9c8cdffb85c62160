"""Broken, hostile and odd exports: reported, skipped or repaired, never a crash or half an item."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wordpress_helpers import HARBOUR_EXPORT, post, run_failing_import, run_import, wxr

from masthead.importers import posts as posts_module
from masthead.importers.models import WordPressItem
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str, name: str = "export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_truncated_export_imports_what_comes_before_the_break(site, uploads, tmp_path):
    text = HARBOUR_EXPORT.read_text()
    cut = text.index("<title><![CDATA[Election night live]]>")
    report, error = run_failing_import(write(tmp_path, text[: cut + 40]), "--uploads", str(uploads))
    assert "well-formed XML" in report
    assert "run the same command again" in error
    # The two stories before the break are complete; nothing of the broken one exists.
    assert set(ArticlePage.objects.values_list("slug", flat=True)) == {
        "ferry-timetable-changes",
        "council-approves-harbour-budget",
    }
    # Running the whole export afterwards completes the import without duplicates.
    run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
    assert ArticlePage.objects.count() == 9


def test_billion_laughs_is_refused_before_anything_is_read(site, tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
    )
    pages = Page.objects.count()
    report, _error = run_failing_import(
        write(tmp_path, bomb + wxr(post(1, "&lol3;")).split("\n", 1)[1])
    )
    assert "refused as unsafe" in report
    assert Page.objects.count() == pages


def test_external_entities_are_refused(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    report, _error = run_failing_import(
        write(tmp_path, xxe + wxr(post(1, "&xxe;")).split("\n", 1)[1])
    )
    assert "refused as unsafe" in report
    assert not ArticlePage.objects.exists()


def test_a_file_that_is_not_an_export(site, tmp_path):
    report, _error = run_failing_import(write(tmp_path, "<html><body>Hello</body></html>"))
    assert "not a WordPress export" in report
    report, _error = run_failing_import(write(tmp_path, "just text", "text.xml"))
    assert "well-formed XML" in report


def test_missing_file_and_folder_are_clear_errors(site, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No export file"):
        call_command("import_wordpress", str(tmp_path / "nope.xml"), "--no-progress")
    export = write(tmp_path, wxr(""))
    with pytest.raises(CommandError, match="must be a folder"):
        call_command(
            "import_wordpress", str(export), "--uploads", str(tmp_path / "x"), "--no-progress"
        )
    with pytest.raises(CommandError, match="Unknown time zone"):
        call_command("import_wordpress", str(export), "--timezone", "Mars/Base", "--no-progress")


def test_odd_items_are_repaired_or_skipped(site, tmp_path, monkeypatch):
    monkeypatch.setattr(posts_module, "MAX_BODY_CHARS", 1_000)
    items = "".join(
        [
            post(1, "", content="Opening words of a story without a headline.", slug="no-title"),
            post(2, "Bad dates", date_gmt="2024-13-45 99:00:00", date="not a date", slug="bad"),
            post(3, "Huge", content="word " * 1_000, slug="huge"),
            post(4, "Twice", slug="twice"),
            post(4, "Twice", slug="twice"),
            post(5, "Odd status", status="weird", slug="odd"),
            post(6, "Ghost writer", creator="nobody", slug="ghost"),
            post(7, "Custom", post_type="event", slug="custom"),
            "<item><title>No ID</title><wp:post_type>post</wp:post_type></item>",
            post(8, "Control \x0b characters", slug="control"),
        ]
    )
    # Most of these posts cannot be imported: the run says so and fails.
    report, error = run_failing_import(write(tmp_path, wxr(items)))
    assert "5 of the 9 posts and pages were skipped" in error
    assert ArticlePage.objects.get(slug="no-title").title.startswith("Opening words")
    assert "without a headline titled from their opening words" in report
    # No valid date anywhere: not published with a made-up date.
    assert not ArticlePage.objects.filter(slug="bad").exists()
    assert "no valid publication date" in report
    assert not ArticlePage.objects.filter(slug="huge").exists()
    assert "body over" in report
    assert ArticlePage.objects.filter(title="Twice").count() == 1
    assert "listed twice in the export" in report
    assert "unknown status “weird”" in report
    assert ArticlePage.objects.get(slug="ghost").credited_authors[0].title == "nobody"
    assert "post type “event” is not imported" in report
    assert "no post ID" in report
    assert ArticlePage.objects.get(slug="control").title == "Control characters"
    assert "control characters XML forbids removed" in report
    # Every skipped item left nothing behind.
    assert not WordPressItem.objects.filter(kind="post", wp_id__in=["2", "3", "5"]).exists()


def test_a_failing_item_leaves_nothing_half_written(site, tmp_path, monkeypatch):
    from masthead.importers.redirects import RedirectWriter

    def broken_save(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RedirectWriter, "save", broken_save)
    report, _error = run_failing_import(write(tmp_path, wxr(post(1, "Half", slug="half"))))
    assert "failed: RuntimeError: disk full" in report
    assert not ArticlePage.objects.filter(slug="half").exists()
    assert not WordPressItem.objects.filter(kind="post").exists()
    assert not Redirect.objects.filter(old_path__contains="half").exists()


def test_timezone_option_reads_local_dates_of_drafts(site, tmp_path):
    export = write(
        tmp_path,
        wxr(
            post(
                1,
                "Scheduled without GMT",
                status="future",
                date_gmt="0000-00-00 00:00:00",
                date="2100-06-01 12:00:00",
                slug="later",
            )
        ),
    )
    report = run_import(export, "--timezone", "Europe/Stockholm")
    later = ArticlePage.objects.get(slug="later")
    assert later.go_live_at.isoformat() == "2100-06-01T10:00:00+00:00"
    assert "read in Europe/Stockholm" in report
