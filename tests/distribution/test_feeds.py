"""RSS and Atom feeds, read by feedparser (as feed readers do) and checked against the specs."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from lxml import etree

from masthead.distribution.models import DistributionSettings
from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ArticlePage

from .xml_helpers import NS, parse_xml

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/rss/", "/feeds/atom/"]


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    parse_xml(response)  # well-formed XML, or the test fails here
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


def assert_rss_follows_the_spec(root: etree._Element) -> None:
    """What the RSS 2.0 specification requires of a channel and its items."""
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822 date
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        enclosure = item.find("enclosure")
        if enclosure is not None:
            assert enclosure.get("url").startswith("http")
            assert enclosure.get("length").isdigit() and enclosure.get("type")
        assert item.find("author") is None  # RSS's author is an e-mail address: never sent


def assert_atom_follows_the_spec(root: etree._Element) -> None:
    """What RFC 4287 requires of a feed and its entries."""
    atom = "{{{}}}".format(NS["atom"])
    assert root.tag == f"{atom}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{atom}{required}") is not None, required
    feed_has_author = root.find(f"{atom}author") is not None
    for entry in root.findall(f"{atom}entry"):
        for required in ("id", "title", "updated"):
            assert entry.find(f"{atom}{required}") is not None, required
        assert feed_has_author or entry.find(f"{atom}author") is not None
        links = entry.findall(f"{atom}link[@rel='alternate']")
        assert len(links) == 1


def test_site_feeds_parse_cleanly_and_follow_the_specs(client, article, plain_article):
    for url in FEEDS:
        response, feed = read_feed(client, url)
        assert feed.feed.title == "The Test Gazette"
        assert {entry.title for entry in feed.entries} == {plain_article.title, article.title}
        root = etree.fromstring(response.content)
        if url.endswith("/rss/"):
            assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
            assert_rss_follows_the_spec(root)
        else:
            assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
            assert_atom_follows_the_spec(root)


def test_entries_carry_link_dates_authors_categories_and_excerpt(client, article):
    for url in FEEDS:
        response, feed = read_feed(client, url)
        entry = feed.entries[0]
        assert (
            entry.link == "http://testserver/community/library-reopens-after-two-year-renovation/"
        )
        published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
        assert published == article.first_published_at.replace(microsecond=0)
        assert entry.author == "Anahit Petrosyan"
        assert {tag.term for tag in entry.tags} == {"Community", "Libraries", "Culture"}
        assert entry.summary.startswith("STOCKHOLM — The central library reopened")
        # Excerpts by default: no full text element in either format.
        assert b"<content:encoded>" not in response.content
        assert b'<content type="html">' not in response.content


def test_no_email_address_ever_appears_in_a_feed(client, article, author):
    for url in [
        *FEEDS,
        f"/feeds/authors/{author.slug}/rss/",
        f"/feeds/authors/{author.slug}/atom/",
    ]:
        assert b"anahit.private@example.org" not in client.get(url).content


def test_guid_never_changes_when_a_story_is_edited(client, article):
    before = {url: read_feed(client, url)[1].entries[0].id for url in FEEDS}
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "Library reopens after renovation, two years late"
    page.slug = "library-reopens-late"
    page.save_revision().publish()
    for url in FEEDS:
        entry = read_feed(client, url)[1].entries[0]
        assert entry.title == "Library reopens after renovation, two years late"
        assert entry.link.endswith("/library-reopens-late/")
        assert entry.id == before[url]
        assert entry.id.startswith("urn:uuid:")


def test_featured_image_is_an_enclosure_and_a_media_element(client, article, plain_article):
    _response, feed = read_feed(client, "/feeds/rss/")
    with_picture = next(entry for entry in feed.entries if entry.title == article.title)
    without = next(entry for entry in feed.entries if entry.title == plain_article.title)
    enclosure = with_picture.enclosures[0]
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert enclosure.href.startswith("http://testserver/media/images/")
    media = with_picture.media_content[0]
    assert (media["width"], media["height"]) == ("1200", "675")
    assert without.enclosures == [] and "media_content" not in without

    _response, atom = read_feed(client, "/feeds/atom/")
    entry = next(entry for entry in atom.entries if entry.title == article.title)
    assert entry.enclosures[0].href == enclosure.href


def test_full_text_setting_puts_whole_stories_in_feeds_with_absolute_links(client, article, home):
    settings_row = DistributionSettings.for_site(home.get_site())
    settings_row.feed_full_text = True
    settings_row.save()
    for url in FEEDS:
        _response, feed = read_feed(client, url)
        content = feed.entries[0].content[0].value
        assert "Volunteers carried the last boxes of books" in content
        assert 'href="/' not in content and 'src="/' not in content


def test_section_tag_and_author_feeds_hold_their_own_stories(client, home, article, author):
    other_section = add_section(home, "Sport")
    add_article(other_section, "Derby ends in a draw", paragraphs=["x"], tags=["Football"])
    cases = {
        "/feeds/sections/community/": article.title,
        "/feeds/sections/sport/": "Derby ends in a draw",
        "/feeds/tags/libraries/": article.title,
        "/feeds/tags/football/": "Derby ends in a draw",
        f"/feeds/authors/{author.slug}/": article.title,
    }
    for base, title in cases.items():
        for fmt in ("rss/", "atom/"):
            _response, feed = read_feed(client, base + fmt)
            assert [entry.title for entry in feed.entries] == [title], base


def test_unknown_feeds_are_404_not_errors(client, home):
    for url in [
        "/feeds/sections/nope/rss/",
        "/feeds/tags/nope/atom/",
        "/feeds/authors/nope/rss/",
        "/feeds/comments/999999/rss/",
        "/feeds/sections/" + "a" * 300 + "/rss/",
    ]:
        assert client.get(url).status_code == 404, url


def test_empty_section_feed_is_valid_and_steady(client, section):
    for base in ("/feeds/sections/community/", "/feeds/"):
        for fmt in ("rss/", "atom/"):
            first, feed = read_feed(client, base + fmt)
            assert feed.entries == []
            second = client.get(base + fmt)
            assert first["ETag"] == second["ETag"]  # dated by the section, not the clock


def test_drafts_and_private_stories_stay_out(client, section):
    from wagtail.models import PageViewRestriction

    add_article(section, "Unpublished draft", paragraphs=["x"], publish=False)
    hidden = add_section(section.get_parent().specific, "Members")
    add_article(hidden, "Members only", paragraphs=["x"])
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    _response, feed = read_feed(client, "/feeds/rss/")
    assert feed.entries == []
    assert client.get("/feeds/sections/members/rss/").status_code == 404


def test_conditional_get_answers_304_until_something_is_published(client, article, section):
    response = client.get("/feeds/rss/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag and modified
    assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    add_article(section, "Breaking: bridge reopens", paragraphs=["x"])
    fresh = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert b"Breaking: bridge reopens" in fresh.content


ODD_TITLES = [
    "Fish & chips < fish > chips",
    "</title><script>alert('x')</script>",
    "Festival opens 🎉🇦🇲 with fireworks",
    "مهرجان الربيع يفتتح في المدينة",
    "שלום עולם and mixed ltr",
    "Form\x0cfeed and \x1bescape pasted from Word",
]


def test_odd_characters_in_titles_keep_every_feed_well_formed(client, home, section):
    tagged = []
    for title in ODD_TITLES:
        tagged.append(add_article(section, title, paragraphs=[title], tags=["Odd & <tag>"]))
    urls = [
        *FEEDS,
        "/feeds/sections/community/rss/",
        "/feeds/sections/community/atom/",
        f"/feeds/tags/{tagged[0].tags.first().slug}/rss/",
        f"/feeds/tags/{tagged[0].tags.first().slug}/atom/",
    ]
    for url in urls:
        response, feed = read_feed(client, url)
        if "atom" in url:
            titles = {entry.title for entry in feed.entries}
            assert "Fish & chips < fish > chips" in titles
            assert "Festival opens 🎉🇦🇲 with fireworks" in titles
            assert "مهرجان الربيع يفتتح في المدينة" in titles
            assert "Formfeed and escape pasted from Word" in titles
        assert b"<script>" not in response.content


def test_a_deleted_author_leaves_feeds_well_formed(client, section):
    writer = add_author("Temporary Writer")
    add_article(section, "Written by someone who left", paragraphs=["x"], authors=[writer])
    slug = writer.slug
    writer.delete()
    for url in FEEDS:
        _response, feed = read_feed(client, url)
        assert feed.entries[0].title == "Written by someone who left"
    assert client.get(f"/feeds/authors/{slug}/rss/").status_code == 404


def test_a_huge_tag_feed_stays_short_and_valid(client, section):
    for number in range(45):
        add_article(section, f"Story number {number}", paragraphs=["x"], tags=["Everything"])
    _response, feed = read_feed(client, "/feeds/tags/everything/rss/")
    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Story number 44"


def test_pages_advertise_their_feeds(client, article, author):
    def alternates(url):
        html = etree.HTML(client.get(url).content)
        return {
            link.get("href")
            for link in html.iterfind(".//link[@rel='alternate']")
            if "xml" in link.get("type", "")
        }

    site = {"http://testserver/feeds/rss/", "http://testserver/feeds/atom/"}
    assert alternates("/") == site
    assert "http://testserver/feeds/sections/community/atom/" in alternates("/community/")
    assert "http://testserver/feeds/tags/libraries/rss/" in alternates("/tags/libraries/")
    assert f"http://testserver/feeds/authors/{author.slug}/rss/" in alternates(author.url)
    assert "http://testserver/feeds/sections/community/rss/" in alternates(article.url)
    assert alternates("/no-such-page/") == site


def test_websub_hubs_are_advertised_when_configured(client, settings, article):
    settings.MASTHEAD_WEBSUB_HUBS = ["https://hub.example.net/"]
    rss = parse_xml(client.get("/feeds/rss/"))
    assert rss.find("channel/atom:link[@rel='hub']", NS).get("href") == "https://hub.example.net/"
    assert rss.find("channel/atom:link[@rel='self']", NS).get("href").endswith("/feeds/rss/")
    atom = parse_xml(client.get("/feeds/atom/"))
    assert atom.find("atom:link[@rel='hub']", NS) is not None
