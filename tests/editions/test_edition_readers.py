"""What a reader of each edition is shown: only that edition's stories.

The newsroom (``conftest.newsroom``) has two English and two Armenian
stories, all tagged "Culture" and signed by the same writer, the library
story in both languages. Each list is read from the rendered page.
"""

import json

import pytest
from edition_newsroom import parse


def main_text(response) -> str:
    (main,) = parse(response).xpath("//main")
    return main.text_content()


def shows_only(text: str, shown, hidden) -> None:
    for story in shown:
        assert story.title in text, story.title
    for story in hidden:
        assert story.title not in text, story.title


@pytest.fixture
def tag_urls(newsroom):
    from masthead.news.models import TagIndexPage

    english = TagIndexPage.objects.get(locale__language_code="en")
    armenian = TagIndexPage.objects.get(locale__language_code="hy")
    assert armenian.url == "/hy/tags/"
    return english, armenian


def test_front_pages_and_sections_list_their_own_edition(client, newsroom):
    en, hy = newsroom.english, newsroom.armenian
    shows_only(main_text(client.get("/")), en, hy)
    shows_only(main_text(client.get("/hy/")), hy, en)
    shows_only(main_text(client.get(newsroom.section.url)), en, hy)
    shows_only(main_text(client.get(newsroom.hy_section.url)), hy, en)


def test_a_tag_page_lists_the_stories_of_its_edition(client, newsroom, tag_urls):
    english, armenian = tag_urls
    en, hy = newsroom.english, newsroom.armenian
    shows_only(main_text(client.get(english.url + "culture/")), en, hy)
    shows_only(main_text(client.get(armenian.url + "culture/")), hy, en)
    # The list of tags names those the edition's stories carry.
    hy_tags = main_text(client.get(armenian.url))
    assert "Museums" in hy_tags and "Harbour" not in hy_tags
    en_tags = main_text(client.get(english.url))
    assert "Harbour" in en_tags and "Museums" not in en_tags


def test_an_author_page_lists_the_stories_of_its_edition(client, newsroom):
    from wagtail.models import Locale

    en, hy = newsroom.english, newsroom.armenian
    shows_only(main_text(client.get(newsroom.writer.url)), en, hy)
    # Translated, the profile lists the Armenian stories, whose bylines name the original.
    profile = newsroom.writer.copy_for_translation(Locale.objects.get(language_code="hy"))
    profile.save_revision().publish()
    assert profile.url.startswith("/hy/authors/")
    shows_only(main_text(client.get(profile.url)), hy, en)


def test_the_menu_and_the_masthead_lead_to_the_readers_edition(client, newsroom):
    armenian = parse(client.get("/hy/"))
    assert armenian.xpath('//nav[@class="sections"]//a/text()') == ["Համայնք"]
    assert armenian.xpath('//div[@class="masthead__name"]/a/@href') == ["/hy/"]
    english = parse(client.get("/"))
    assert english.xpath('//nav[@class="sections"]//a/text()') == ["Community"]
    assert english.xpath('//div[@class="masthead__name"]/a/@href') == ["/"]


def test_a_missing_page_under_the_prefix_is_in_the_editions_language(client, newsroom):
    from lxml import html as lxml_html

    response = client.get("/hy/no-such-page/")
    assert response.status_code == 404
    page = lxml_html.fromstring(response.content)
    assert page.get("lang") == "hy"
    assert page.xpath('//div[@class="error-page"]//a/@href')[0] == "/hy/"
    assert "Համայնք" in page.xpath('//div[@class="error-page"]')[0].text_content()
    english = lxml_html.fromstring(client.get("/no-such-page/").content)
    assert english.get("lang") == "en"


def related_titles(client, story) -> list[str]:
    page = parse(client.get(story.url))
    return page.xpath('//section[@class="related"]//h3/a/text()')


@pytest.mark.parametrize("ranked", [True, False], ids=["stored lists", "newest fallback"])
def test_you_may_also_like_offers_the_same_edition(client, settings, tmp_path, newsroom, ranked):
    """Stored lists and the newest-stories fallback alike: the translation shares
    tags, byline and date with its original, so it ranks first unless kept out."""
    settings.MASTHEAD_DISCOVERY_DIR = str(tmp_path / "discovery")
    if ranked:
        from masthead.discovery.models import RelatedArticle
        from masthead.discovery.related import rebuild_all

        rebuild_all()
        assert RelatedArticle.objects.exists()
    library, ferry = newsroom.english
    hy_library, museum = newsroom.armenian
    assert related_titles(client, library) == [ferry.title]
    assert related_titles(client, hy_library) == [museum.title]


def feed_titles(client, address: str) -> tuple[str, list[str], str]:
    """The RSS feed's ``<language>``, item titles and channel link."""
    from lxml import etree

    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    channel = etree.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    return channel.findtext("language"), titles, channel.findtext("link")


@pytest.mark.parametrize(
    "feed", ["feeds/", "feeds/sections/community/", "feeds/tags/culture/"], ids=str
)
def test_each_edition_has_its_own_feeds(client, newsroom, feed):
    en = {story.title for story in newsroom.english}
    hy = {story.title for story in newsroom.armenian}
    language, titles, _link = feed_titles(client, f"/{feed}rss/")
    assert (language, set(titles)) == ("en", en)
    language, titles, _link = feed_titles(client, f"/hy/{feed}rss/")
    assert (language, set(titles)) == ("hy", hy)


def test_the_site_feed_links_to_its_editions_front_page(client, newsroom):
    assert feed_titles(client, "/feeds/rss/")[2] == "http://testserver/"
    assert feed_titles(client, "/hy/feeds/rss/")[2] == "http://testserver/hy/"


def test_an_authors_feed_in_each_edition(client, newsroom):
    from wagtail.models import Locale

    slug = newsroom.writer.slug
    _, titles, _ = feed_titles(client, f"/feeds/authors/{slug}/rss/")
    assert set(titles) == {story.title for story in newsroom.english}
    newsroom.writer.copy_for_translation(
        Locale.objects.get(language_code="hy")
    ).save_revision().publish()
    _, titles, _ = feed_titles(client, f"/hy/feeds/authors/{slug}/rss/")
    assert set(titles) == {story.title for story in newsroom.armenian}


def test_pages_advertise_their_editions_feeds(client, newsroom):
    def feeds(address: str) -> list[str]:
        page = parse(client.get(address))
        return page.xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]/@href')

    assert feeds("/") == ["http://testserver/feeds/rss/"]
    assert feeds("/hy/") == ["http://testserver/hy/feeds/rss/"]
    assert feeds(newsroom.hy_section.url) == [
        "http://testserver/hy/feeds/rss/",
        "http://testserver/hy/feeds/sections/community/rss/",
    ]
    hy_library = newsroom.armenian[0]
    assert all(href.startswith("http://testserver/hy/") for href in feeds(hy_library.url))
    # The comments feed of an Armenian story is the Armenian edition's.
    assert client.get(f"/hy/feeds/comments/{hy_library.pk}/rss/").status_code == 200
    assert client.get(f"/feeds/comments/{hy_library.pk}/rss/").status_code == 404


def test_the_news_sitemap_gives_each_story_its_own_language(client, newsroom):
    from lxml import etree

    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "news": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    found = {}
    for url in etree.fromstring(response.content).xpath("//s:url", namespaces=ns):
        (loc,) = url.xpath("s:loc/text()", namespaces=ns)
        found[loc] = (
            url.xpath("news:news/news:publication/news:language/text()", namespaces=ns)[0],
            url.xpath("news:news/news:publication/news:name/text()", namespaces=ns)[0],
        )
    expected = {
        "http://testserver" + story.url: ("en", "The Test Gazette") for story in newsroom.english
    }
    expected |= {
        "http://testserver" + story.url: ("hy", "The Test Gazette") for story in newsroom.armenian
    }
    assert found == expected
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-news.xml" in index


@pytest.fixture
def indexed(newsroom):
    """The newsroom in the search index (publishing indexes through the task queue)."""
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return newsroom


def result_titles(client, address: str) -> list[str]:
    page = parse(client.get(address))
    return [a.text_content() for a in page.xpath('//ol[@class="search-results"]//h2/a')]


def test_each_edition_searches_its_own_stories(client, indexed):
    newsroom = indexed
    library, ferry = newsroom.english
    hy_library, museum = newsroom.armenian
    # The tag both editions' stories carry: each search finds its own edition's.
    assert set(result_titles(client, "/search/?q=culture")) == {library.title, ferry.title}
    assert set(result_titles(client, "/hy/search/?q=culture")) == {hy_library.title, museum.title}
    # Armenian words, in any case, from the headline and the body.
    assert result_titles(client, "/hy/search/?q=գրադարանը") == [hy_library.title]
    assert result_titles(client, "/hy/search/?q=ուրբաթ Երևանի") == [hy_library.title]
    assert result_titles(client, "/hy/search/?q=Գյումրի") == [museum.title]
    assert result_titles(client, "/search/?q=Գյումրի") == []
    # The Armenian edition's pages search it; the section filter is its own section.
    armenian = parse(client.get("/hy/"))
    assert armenian.xpath('//form[@role="search"]/@action') == ["/hy/search/"]
    (website,) = [
        data
        for data in map(json.loads, armenian.xpath('//script[@type="application/ld+json"]/text()'))
        if data.get("@type") == "WebSite"
    ]
    template = website["potentialAction"]["target"]["urlTemplate"]
    assert template == "http://testserver/hy/search/?q={search_term_string}"
    assert parse(client.get("/")).xpath('//form[@role="search"]/@action') == ["/search/"]
    in_section = "/hy/search/?q=culture&section=community"
    assert set(result_titles(client, in_section)) == {hy_library.title, museum.title}
    search = parse(client.get("/hy/search/?q=culture"))
    assert search.get("lang") == "hy"
    assert search.xpath('//a[@class="search-feed"]/@href')[0].startswith("/hy/search/feed/?")


def test_the_search_feed_of_an_edition(client, indexed):
    newsroom = indexed
    from lxml import etree

    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = etree.fromstring(client.get("/hy/search/feed/?q=culture").content)
    titles = set(feed.xpath("//atom:entry/atom:title/text()", namespaces=ns))
    assert titles == {story.title for story in newsroom.armenian}


def test_an_editions_search_has_one_cache_address(rf, newsroom):
    from masthead.caching.keys import cache_address

    request = rf.get("/hy/search/", {"q": "Culture!", "utm_source": "x", "page": "1"})
    assert cache_address(request) == "/hy/search/?q=culture"
    assert cache_address(rf.get("/search/", {"q": "Culture!"})) == "/search/?q=culture"


RIGHT_TO_LEFT = [("en", "English"), ("fa", "فارسی"), ("ar", "العربية")]
FA_TITLE = "کتابخانه‌ای تازه در تهران باز شد"
AR_TITLE = "افتتحت مكتبة جديدة في القاهرة"


def test_right_to_left_editions_find_their_words(client, settings, home, section):
    """Persian (with its zero-width non-joiner) and Arabic, each in its own edition."""
    from django.core.management import call_command
    from edition_newsroom import editions_urlconf, turn_editions_on
    from wagtail.models import Locale

    from masthead.news.authoring import add_article
    from masthead.news.editions import ensure_edition_homes

    turn_editions_on(settings)
    settings.MASTHEAD_LANGUAGES = [code for code, _ in RIGHT_TO_LEFT]
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = RIGHT_TO_LEFT
    settings.ROOT_URLCONF = editions_urlconf()
    ensure_edition_homes()
    stories = {}
    for code, title in (("fa", FA_TITLE), ("ar", AR_TITLE)):
        translated = section.copy_for_translation(Locale.objects.get(language_code=code))
        translated.save_revision().publish()
        stories[code] = add_article(translated, title, paragraphs=[title])
    call_command("update_index", verbosity=0)
    assert result_titles(client, "/fa/search/?q=تهران") == [FA_TITLE]
    assert result_titles(client, "/fa/search/?q=کتابخانه") == [FA_TITLE]
    assert result_titles(client, "/ar/search/?q=القاهرة") == [AR_TITLE]
    assert result_titles(client, "/ar/search/?q=مكتبة جديدة") == [AR_TITLE]
    assert result_titles(client, "/fa/search/?q=القاهرة") == []
    assert result_titles(client, "/search/?q=تهران") == []
    page = parse(client.get("/ar/search/?q=القاهرة"))
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")


def test_one_language_keeps_its_addresses_and_output(client, settings, home, section):
    """No prefix anywhere, the site's language everywhere, and no filter added to a query."""
    from story_factory import library_story, staff_writer

    from masthead.core.editions import in_edition, in_served_edition

    story = library_story(section, staff_writer(), tags=["Culture"])
    assert in_edition(story) == in_served_edition() == type(in_edition(story))()
    front = parse(client.get("/"))
    assert front.xpath('//form[@role="search"]/@action') == ["/search/"]
    assert front.xpath('//div[@class="masthead__name"]/a/@href') == ["/"]
    assert front.xpath('//head/link[@type="application/rss+xml"]/@href') == [
        "http://testserver/feeds/rss/"
    ]
    for address in ("/hy/search/?q=library", "/hy/feeds/rss/", "/hy/"):
        assert client.get(address).status_code == 404, address
    language, titles, link = feed_titles(client, "/feeds/rss/")
    assert (language, titles, link) == (settings.LANGUAGE_CODE, [story.title], "http://testserver/")
    news = client.get("/sitemap-news.xml").content.decode()
    assert "<news:language>en</news:language>" in news and story.url in news
    assert story.title in main_text(client.get("/tags/culture/"))
