"""Exports as real sites write them: other namespace spellings, undeclared prefixes, page order.

Each case here is one seen in exports from other people's sites: a WXR file
that went through an http→https search-and-replace, a 2011 WordPress.com export
that uses ``atom:`` without declaring it, titles with ``&nbsp;`` outside CDATA,
and pages listed before their parent page.
"""

import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from test_real_exports import read_expected
from wagtail.models import Page
from wordpress_helpers import post, run_failing_import, run_import

from masthead.importers.comments import comment_model
from masthead.importers.models import WordPressItem
from masthead.importers.wxr import Channel, read_export
from masthead.news.models import ArticlePage, StandardPage

HTTP_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}


def export(items: str, *, namespaces: dict[str, str] | None = None, channel: str = "") -> str:
    declared = " ".join(
        f'xmlns:{prefix}="{uri}"' for prefix, uri in (namespaces or HTTP_NAMESPACES).items()
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" {declared}>
<channel><title>Tiny</title><link>https://tiny.example</link>
{channel}
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://tiny.example</wp:base_site_url>
<wp:base_blog_url>https://tiny.example</wp:base_blog_url>
{items}
</channel></rss>
"""


def write(tmp_path, text: str):
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


TWO_POSTS = post(1, "Ferry returns", slug="ferry") + post(2, "Council votes", slug="council")


@pytest.mark.parametrize(
    "namespaces",
    [
        pytest.param(
            {prefix: uri.replace("http://", "https://") for prefix, uri in HTTP_NAMESPACES.items()},
            id="https-after-search-and-replace",
        ),
        pytest.param(
            {**HTTP_NAMESPACES, "wp": "http://www.wordpress.org/export/1.1/"}, id="www-wxr-1.1"
        ),
        pytest.param(
            {**HTTP_NAMESPACES, "wp": "https://news.example/wp-export/"},
            id="wp-prefix-bound-to-another-uri",
        ),
    ],
)
def test_posts_are_read_whatever_the_namespace_is_spelt(site, tmp_path, namespaces):
    report = run_import(write(tmp_path, export(TWO_POSTS, namespaces=namespaces)))
    assert set(ArticlePage.objects.values_list("title", flat=True)) == {
        "Ferry returns",
        "Council votes",
    }
    assert "is not imported" not in report


def test_a_prefix_the_file_never_declares_is_declared_for_it(site, tmp_path):
    # As in a 2011 WordPress.com export: atom: in the channel header, undeclared.
    channel = '<atom:link rel="search" href="https://tiny.example/osd.xml"/>'
    items = post(1, "Ferry returns", slug="ferry", extra="<georss:point>1 2</georss:point>")
    report = run_import(write(tmp_path, export(items, channel=channel)))
    assert ArticlePage.objects.get(slug="ferry").title == "Ferry returns"
    assert "never declared, declared for the file: atom, georss" in report
    # <atom:link> is not the channel's <link>: the site's address is kept.
    channel_read = next(read_export(write(tmp_path, export(items, channel=channel))))
    assert isinstance(channel_read, Channel)
    assert channel_read.link == "https://tiny.example"


def test_html_entities_outside_cdata_are_read_as_characters(site, tmp_path):
    item = post(1, "x", slug="ferry").replace(
        "<title><![CDATA[x]]></title>",
        "<title>Ferry&nbsp;returns &mdash; at last &amp; on time</title>",
    )
    report = run_import(write(tmp_path, export(item)))
    assert ArticlePage.objects.get(slug="ferry").title == "Ferry returns — at last & on time"
    assert "2 × HTML entities outside CDATA read as characters" in report


def test_repairs_keep_the_safe_parser(site, tmp_path):
    doctype = '<!DOCTYPE rss [<!ENTITY boom "boom">]>'
    text = export(post(1, "&boom;", slug="ferry"), channel="<atom:link href='x'/>")
    text = text.replace("?>\n", "?>\n" + doctype + "\n", 1)
    report, error = run_failing_import(write(tmp_path, text))
    assert "refused as unsafe" in report
    assert not ArticlePage.objects.exists()


def test_an_export_with_nothing_to_import_fails_and_says_why(site, tmp_path):
    # The namespace of an unknown draft format: no item has a WordPress post type.
    items = TWO_POSTS.replace("wp:", "wxr:")
    namespaces = {**HTTP_NAMESPACES, "wxr": "https://example.org/not-wordpress/"}
    text = export(items, namespaces=namespaces).replace("<wp:wxr_version>1.2</wp:wxr_version>", "")
    report, error = run_failing_import(write(tmp_path, text))
    assert "no posts or pages to import" in error
    assert "2 × items without a wp:post_type" in error
    assert "post type “”" not in report
    assert not ArticlePage.objects.exists()


def test_an_unknown_post_type_is_reported_by_name(site, tmp_path):
    items = TWO_POSTS + post(3, "Tickets", post_type="tribe_events", slug="tickets")
    report = run_import(write(tmp_path, export(items)))
    assert "post type “tribe_events” is not imported" in report


def page(wp_id: int, title: str, parent: int = 0) -> str:
    return post(wp_id, title, slug=title.lower(), post_type="page").replace(
        "<wp:post_parent>0</wp:post_parent>", f"<wp:post_parent>{parent}</wp:post_parent>"
    )


def test_pages_listed_before_their_parent_go_under_it_and_stay_unchanged(site, tmp_path):
    items = page(12, "Staff", parent=11) + page(11, "About") + page(13, "Orphan", parent=99)
    path = write(tmp_path, export(items))
    first = run_import(path)
    staff = StandardPage.objects.get(title="Staff")
    about = StandardPage.objects.get(title="About")
    assert staff.get_parent().pk == about.pk
    assert "1 × pages whose parent page was not imported" in first  # only the orphan
    pages_before = Page.objects.count()

    second = run_import(path)
    pages_row = next(line for line in second.splitlines() if line.startswith("│ pages"))
    found, created, updated, unchanged = (cell.strip() for cell in pages_row.split("│")[2:6])
    assert (found, created, updated, unchanged) == ("3", "0", "0", "3"), pages_row
    assert WordPressItem.objects.filter(kind="page").count() == 3
    assert Page.objects.count() == pages_before
    again = StandardPage.objects.get(title="Staff")
    assert again.get_parent().pk == about.pk
    assert again.latest_revision_id == staff.latest_revision_id  # not rewritten


def test_comments_on_plain_pages_are_reported_by_page(site, tmp_path):
    comment = (
        "<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author>Ani</wp:comment_author>"
        "<wp:comment_date_gmt>2024-04-02 08:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>Thank you</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>"
        "</wp:comment>"
    )
    items = TWO_POSTS + page(11, "About").replace("</item>", comment * 2 + "</item>")
    report = run_import(write(tmp_path, export(items)))
    assert "2 × on the plain page “About” (Masthead's plain pages take no comments)" in report


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def test_seo_plugin_titles_and_descriptions_become_the_pages_own(site, tmp_path, client):
    yoast = meta("_yoast_wpseo_title", "Ferry back after 40 years") + meta(
        "_yoast_wpseo_metadesc", "The island's ferry sails again from Monday."
    )
    rank_math = meta("rank_math_title", "%title% %sep% %sitename%") + meta(
        "rank_math_description", "Councillors vote on the harbour budget."
    )
    items = post(1, "Ferry returns", slug="ferry", extra=yoast) + post(
        2, "Council votes", slug="council", extra=rank_math
    )
    run_import(write(tmp_path, export(items)))
    ferry = ArticlePage.objects.get(slug="ferry")
    assert ferry.seo_title == "Ferry back after 40 years"
    page = client.get(ferry.url).content.decode()
    assert "<title>Ferry back after 40 years" in page
    assert 'content="The island&#x27;s ferry sails again from Monday."' in page
    council = ArticlePage.objects.get(slug="council")
    assert council.seo_title == ""  # the plugin's template, not a title anyone wrote
    assert council.search_description == "Councillors vote on the harbour budget."


THEME_UNIT_TEST = Path(__file__).parent / "fixtures" / "wxr" / "wptt-theme-unit-test.xml"
# Text with "]]>" in it, where the theme unit test has text: (the item it is in,
# the text it goes after, what is added).
QUOTED_CDATA_ENDS = [
    (
        "<title>Markup: HTML Tags and Formatting</title>",
        "margin: 0 0 5px;",
        " /* grid[rows[0]]>1 */",
    ),
    (
        "<title>Markup: HTML Tags and Formatting</title>",
        "best friend.",
        "<p>A CDATA ends with ]]></p>",
    ),
    ("<wp:post_id>51</wp:post_id>", "This test post needs a comment.", " Is a[b[0]]> 1?"),
]


def theme_unit_test_with_cdata_ends(escaped: bool) -> str:
    """The real theme unit test export with "]]>" in a post's text and a comment's.

    ``escaped``: as WordPress writes it (``]]]]><![CDATA[>``); otherwise raw, as
    old and third-party exporters left it.
    """
    text = THEME_UNIT_TEST.read_text(encoding="utf-8")
    for item, original, added in QUOTED_CDATA_ENDS:
        at = text.index(original, text.index(item)) + len(original)
        if escaped:
            added = added.replace("]]>", "]]]]><![CDATA[>")
        text = text[:at] + added + text[at:]
    return text


def test_a_stray_cdata_end_inside_text_is_kept_as_text(site, tmp_path, client):
    escaped = write(tmp_path, theme_unit_test_with_cdata_ends(escaped=True))
    expected = read_expected(escaped)  # ElementTree reads the escaped file as it is
    broken = tmp_path / "broken.xml"
    broken.write_text(theme_unit_test_with_cdata_ends(escaped=False), encoding="utf-8")
    with pytest.raises(ET.ParseError):
        ET.parse(broken)

    report = run_import(broken)
    assert "3 × “]]>” inside CDATA sections kept as text" in report
    assert "well-formed" not in report
    # Everything in the file was imported, as from the file WordPress would have written.
    assert ArticlePage.objects.count() == len(expected.kept("post"))
    assert StandardPage.objects.count() == len(expected.kept("page"))
    assert comment_model().objects.count() == sum(expected.comments_created().values())

    story = client.get(ArticlePage.objects.get(slug="markup-html-tags-and-formatting").url)
    text = unescape(story.content.decode())
    assert "margin: 0 0 5px; /* grid[rows[0]]>1 */" in text
    assert "A CDATA ends with ]]>" in text
    assert "supported in HTML5" in text  # and the text after it
    commented = client.get(ArticlePage.objects.get(slug="theme-block-category").url)
    assert "This test post needs a comment. Is a[b[0]]> 1?" in unescape(commented.content.decode())


def test_a_stray_cdata_end_keeps_the_safe_parser(site, tmp_path):
    doctype = '<!DOCTYPE rss [<!ENTITY boom "boom">]>'
    items = post(1, "Ferry", slug="ferry", content="<p>a[b[0]]>1</p><p>&boom;</p>")
    text = export(items).replace("?>\n", "?>\n" + doctype + "\n", 1)
    report, _error = run_failing_import(write(tmp_path, text))
    assert "refused as unsafe" in report
    assert not ArticlePage.objects.exists()
