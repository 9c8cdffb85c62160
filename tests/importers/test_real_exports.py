"""Conformance: real WordPress exports written by other people import whole, and only once.

Each file in ``fixtures/wxr/`` (origins and licences in its README) is imported
with :func:`import_wordpress` and checked against counts this test reads from
the XML itself, with the standard library's ElementTree and none of the
importer's code:

* posts and pages *found* are the ``<item>``s of those types; *created* are the
  ones the importer's rules keep (``publish``, ``future``, ``draft``,
  ``pending`` and ``private``; trash, auto-drafts and revisions are skipped; a
  post ID listed twice is imported once);
* comments: every comment with an ID on a created *post* is created, whatever
  its WordPress status, because the importer keeps held ones held, spam as
  spam and trash as trash rather than dropping them (``comments.py``,
  ``STATUS_BY_WORDPRESS``); pingbacks and trackbacks are skipped, and comments
  on pages are skipped (Masthead pages have none). Masthead's statuses are
  checked against ``wp:comment_approved`` (1 → approved, 0 → pending,
  spam → spam, trash/post-trashed → trash);
* terms: each story sits in the section named after the top-level ancestor of
  its first category (``Uncategorized`` without one) and carries every
  WordPress tag it had;
* importing the same file again creates and updates nothing;
* a sample of the imported stories renders without raw ``[caption]`` or
  ``[gallery]`` shortcodes and without tables flattened to "cell | cell" text.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest

from masthead.importers.comments import comment_model
from masthead.importers.importer import import_wordpress
from masthead.importers.models import WordPressItem
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "fixtures" / "wxr"
EXPORTS = sorted(CORPUS.glob("*.xml"))
WP_NAMESPACE = re.compile(r"^https?://(www\.)?wordpress\.org/export/1\.\d+/$")
# Old WordPress versions let these into exports; XML forbids them, ElementTree refuses them.
FORBIDDEN_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
KEPT_STATUSES = {"publish", "future", "draft", "pending", "private"}
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
COMMENT_STATUS["post-trashed"] = "trash"
NOT_COMMENTS = {"pingback", "trackback", "pings"}
OTHERS_SAMPLED = 3
RISKY_BODY = re.compile(r"\[(caption|gallery)|<table|wp:table|<pre")
# Code and preformatted text, not the block editor's verse (a poem, kept as lines).
CODE_IN_XML = re.compile(r"<pre(?![^>]*wp-block-verse)[^>]*>\s*(?:<code[^>]*>)?\s*[^<\s]")
SHORTCODE_LEFTOVER = re.compile(r"\[/?(caption|gallery)\b")
FLATTENED_TABLE = re.compile(r"<p[^>]*>[^<]*\S \| \S[^<]*</p>")

# Known importer bugs a real export exposes, by file; strict, so a fix shows up.
# Second import not a no-op:
RERUN_XFAIL: dict[str, str] = {}
# First import not matching the XML's counts:
IMPORT_XFAIL: dict[str, str] = {}
# Tables in live posts that come out as one "<p>cell | cell</p>" paragraph per row.
TABLE_XFAIL: dict[str, str] = {}


@dataclass
class ExpectedItem:
    wp_id: int
    post_type: str
    status: str
    content: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (approved, type)


@dataclass
class Expected:
    found: Counter = field(default_factory=Counter)
    items: list[ExpectedItem] = field(default_factory=list)
    category_parent: dict[str, str] = field(default_factory=dict)
    category_name: dict[str, str] = field(default_factory=dict)

    def kept(self, post_type: str) -> list[ExpectedItem]:
        """The items of ``post_type`` the importer writes, first of each post ID only."""
        seen: set[int] = set()
        kept = []
        for item in self.items:
            if item.post_type != post_type or item.wp_id in seen:
                continue
            seen.add(item.wp_id)
            if item.status in KEPT_STATUSES:
                kept.append(item)
        return kept

    def comments_created(self) -> Counter:
        statuses: Counter = Counter()
        for item in self.kept("post"):
            for approved, kind in item.comments:
                if kind not in NOT_COMMENTS:
                    statuses[COMMENT_STATUS.get(approved, "pending")] += 1
        return statuses

    def section_for(self, item: ExpectedItem) -> str:
        if not item.categories:
            return self.category_name.get("uncategorized", "Uncategorized")
        slug, name = item.categories[0]
        seen = {slug}
        while self.category_parent.get(slug) and self.category_parent[slug] not in seen:
            slug = self.category_parent[slug]
            seen.add(slug)
            name = self.category_name.get(slug, name)
        return name


def _local(tag: str) -> tuple[str, str]:
    """``(namespace, name)`` of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _is_wp(element: ET.Element, name: str) -> bool:
    namespace, local = _local(element.tag)
    return local == name and bool(WP_NAMESPACE.match(namespace))


def _wp_text(element: ET.Element, name: str) -> str:
    for child in element:
        if _is_wp(child, name):
            return (child.text or "").strip()
    return ""


def _content(element: ET.Element) -> str:
    for child in element:
        namespace, local = _local(child.tag)
        if local == "encoded" and "purl.org/rss/1.0/modules/content" in namespace:
            return child.text or ""
    return ""


def read_expected(path: Path) -> Expected:
    root = ET.fromstring(FORBIDDEN_CONTROL.sub(b"", path.read_bytes()))
    channel = root.find("channel")
    expected = Expected()
    for element in channel:
        if _is_wp(element, "category"):
            slug = unescape(_wp_text(element, "category_nicename"))
            expected.category_parent[slug] = unescape(_wp_text(element, "category_parent"))
            expected.category_name[slug] = _wp_text(element, "cat_name")
        elif _is_wp(element, "term") and _wp_text(element, "term_taxonomy") == "category":
            slug = unescape(_wp_text(element, "term_slug"))
            expected.category_parent.setdefault(slug, unescape(_wp_text(element, "term_parent")))
            expected.category_name.setdefault(slug, _wp_text(element, "term_name"))
        elif element.tag == "item":
            post_type = _wp_text(element, "post_type")
            expected.found[post_type] += 1
            item = ExpectedItem(
                wp_id=int(_wp_text(element, "post_id")),
                post_type=post_type,
                status=_wp_text(element, "status"),
                content=_content(element),
            )
            for child in element:
                if child.tag == "category":
                    domain, slug = child.get("domain", ""), child.get("nicename", "")
                    name = " ".join((child.text or "").split())
                    if domain == "category":
                        item.categories.append((unescape(slug), name))
                    elif domain == "post_tag":
                        item.tags.append(name)
                elif _is_wp(child, "comment") and _wp_text(child, "comment_id"):
                    item.comments.append(
                        (_wp_text(child, "comment_approved"), _wp_text(child, "comment_type"))
                    )
            expected.items.append(item)
    return expected


def _cases(xfails: dict[str, str]):
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(reason=xfails[path.name], strict=True)]
            if path.name in xfails
            else [],
        )
        for path in EXPORTS
    ]


def outcomes(report, kind: str) -> dict[str, int]:
    tally = report.tallies.get(kind)
    return dict(tally.outcomes) if tally else {}


def test_the_corpus_has_real_exports_from_several_sources():
    assert len(EXPORTS) >= 6
    readme = (CORPUS / "README.md").read_text()
    for path in EXPORTS:
        assert path.name in readme, f"{path.name} is not described in the README"
        assert path.stat().st_size < 2_000_000


@pytest.mark.parametrize("export", _cases(IMPORT_XFAIL))
def test_real_export_imports_what_the_xml_holds(site, export):
    expected = read_expected(export)
    report = import_wordpress(export)
    assert report.error == ""

    for post_type, kind in (("post", "posts"), ("page", "pages")):
        found = report.tallies[kind].found if kind in report.tallies else 0
        assert found == expected.found[post_type], kind
        result = outcomes(report, kind)
        assert result.get("created", 0) == len(expected.kept(post_type)), (kind, result)
        assert result.get("updated", 0) == 0, (kind, result)

    wanted_comments = expected.comments_created()
    assert outcomes(report, "comments").get("created", 0) == sum(wanted_comments.values())
    model = comment_model()
    if model is not None:
        statuses = Counter(model.objects.values_list("status", flat=True))
        assert statuses == wanted_comments

    stories, articles = _imported_stories()
    for item in expected.kept("post"):
        article = articles[stories[item.wp_id]]
        assert article.get_parent().title == expected.section_for(item), item.wp_id
        names = {name.lower() for name in article.tags.names()}
        assert {tag.lower() for tag in item.tags} <= names, item.wp_id


def _imported_stories() -> tuple[dict[int, int], dict[int, ArticlePage]]:
    """WordPress post ID → page ID, and page ID → article, for what the import wrote."""
    stories = {
        int(row.wp_id): row.page_id
        for row in WordPressItem.objects.filter(kind=WordPressItem.Kind.POST)
    }
    return stories, ArticlePage.objects.in_bulk(stories.values())


def _rendered_sample(client, export: Path) -> list[tuple[int, str]]:
    """Import ``export``; ``(post ID, page HTML)`` of its live stories most likely to go wrong
    (shortcodes, tables), and of a few others."""
    expected = read_expected(export)
    import_wordpress(export)
    stories, articles = _imported_stories()
    live = [i for i in expected.kept("post") if i.status == "publish"]
    risky = [i for i in live if RISKY_BODY.search(i.content)]
    sample = risky + [i for i in live if i not in risky][:OTHERS_SAMPLED]
    pages = []
    for item in sample:
        article = articles[stories[item.wp_id]].specific
        response = client.get(article.url)
        assert response.status_code == 200, (item.wp_id, article.url)
        pages.append((item.wp_id, response.content.decode()))
    return pages


@pytest.mark.parametrize("export", _cases({}))
def test_imported_stories_render_without_raw_shortcodes(site, client, export):
    leftovers = {
        wp_id: match.group(0)
        for wp_id, html in _rendered_sample(client, export)
        if (match := SHORTCODE_LEFTOVER.search(html))
    }
    assert leftovers == {}


@pytest.mark.parametrize("export", _cases(TABLE_XFAIL))
def test_imported_stories_render_without_flattened_tables(site, client, export):
    flattened = {
        wp_id: match.group(0)
        for wp_id, html in _rendered_sample(client, export)
        if (match := FLATTENED_TABLE.search(html))
    }
    assert flattened == {}


@pytest.mark.parametrize("export", _cases({}))
def test_imported_stories_keep_code_and_preformatted_text_preformatted(site, client, export):
    with_code = {
        item.wp_id
        for item in read_expected(export).kept("post")
        if CODE_IN_XML.search(item.content)
    }
    rendered = dict(_rendered_sample(client, export))
    assert with_code <= rendered.keys()
    lost = {wp_id for wp_id in with_code if '<pre class="preformatted"' not in rendered[wp_id]}
    assert lost == set()


@pytest.mark.parametrize("export", _cases(RERUN_XFAIL))
def test_second_import_of_a_real_export_changes_nothing(site, export):
    import_wordpress(export)
    again = import_wordpress(export)
    assert again.error == ""
    changed = {
        kind: {o: n for o, n in tally.outcomes.items() if o in {"created", "updated"} and n}
        for kind, tally in again.tallies.items()
    }
    assert {kind: result for kind, result in changed.items() if result} == {}
