"""Editions: a two-language newsroom (English and Armenian), built with settings overrides.

The newsroom and its text are in ``edition_newsroom.py`` and ``conftest.py``.
Pages are read back from the rendered HTML with lxml.
"""

import json

from django.urls import reverse
from edition_newsroom import (
    EN_TEXT,
    EN_TITLE,
    HY_TEXT,
    HY_TITLE,
    editions_urlconf,
    parse,
    published_translation,
    turn_editions_on,
)
from wagtail.models import Locale, Page

from masthead.news.authoring import add_article
from masthead.news.editions import ensure_edition_homes, published_translations
from masthead.news.models import ArticlePage, HomePage


def test_the_existing_content_is_the_default_edition(home):
    """Wagtail's own migration gave every page the default Locale: en, which en,hy keeps."""
    assert set(Page.objects.exclude(depth=1).values_list("locale__language_code", flat=True)) == {
        "en"
    }


def test_one_language_changes_nothing(client, home, section):
    """Without editions there is no prefix and no Armenian home; / is the front page as before."""
    assert ensure_edition_homes() == []
    assert Locale.objects.count() == 1
    page = parse(client.get("/"))
    assert page.get("lang") == "en"
    assert page.get("dir") is None
    assert client.get("/hy/").status_code == 404
    assert not page.xpath("//link[@hreflang]")


def test_each_edition_has_its_home_under_its_prefix(client, editions):
    assert editions.hy_home.live and isinstance(editions.hy_home.specific, HomePage)
    assert editions.hy_home.translation_key == editions.home.translation_key
    english = parse(client.get("/"))
    armenian = parse(client.get("/hy/"))
    assert english.get("lang") == "en"
    assert armenian.get("lang") == "hy"
    hy_section = editions.section.get_translation(editions.hy)
    assert parse(client.get(hy_section.url)).get("lang") == "hy"
    # The default edition keeps its old, unprefixed addresses; /en/ is not a second copy.
    assert editions.section.url == "/community/"
    assert client.get("/community/").status_code == 200
    assert client.get("/en/community/").status_code == 404
    assert editions.section.get_translation(editions.hy).url.startswith("/hy/")
    # Running it again changes nothing.
    assert ensure_edition_homes() == []


def test_story_and_translation_link_each_other(client, story_pair):
    english, armenian = story_pair
    assert english.translation_key == armenian.translation_key
    assert armenian.url.startswith("/hy/") and not english.url.startswith("/hy/")
    # Pictures and metadata came across with the copy.
    assert armenian.featured_image_id == english.featured_image_id
    assert armenian.standfirst == "Article 1"
    assert list(armenian.tags.names()) == ["Rights"]

    en_page = parse(client.get(english.url))
    hy_page = parse(client.get(armenian.url))
    assert HY_TEXT in hy_page.text_content() and EN_TEXT in en_page.text_content()

    (also,) = en_page.xpath('//p[contains(@class, "also-in")]')
    link = also.xpath(".//a")[0]
    assert also.text_content() == "Also in Հայերեն"
    assert link.get("href") == armenian.url and link.get("hreflang") == "hy"
    (back,) = hy_page.xpath('//p[contains(@class, "also-in")]//a')
    assert (back.text, back.get("href")) == ("English", english.url)

    for page in (en_page, hy_page):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')
        }
        assert alternates == {
            "en": "http://testserver" + english.url,
            "hy": "http://testserver" + armenian.url,
            "x-default": "http://testserver" + english.url,
        }
    assert hy_page.get("lang") == "hy" and hy_page.get("dir") is None

    def meta(page, name):
        return [m.get("content") for m in page.xpath(f'//meta[@property="{name}"]')]

    assert meta(en_page, "og:locale") == ["en"] and meta(en_page, "og:locale:alternate") == ["hy"]
    assert meta(hy_page, "og:locale") == ["hy"] and meta(hy_page, "og:locale:alternate") == ["en"]

    def in_language(page):
        for script in page.xpath('//script[@type="application/ld+json"]'):
            data = json.loads(script.text)
            if data.get("@type") == "NewsArticle":
                return data["inLanguage"]
        return None

    assert in_language(en_page) == "en" and in_language(hy_page) == "hy"


def test_drafts_are_never_offered_to_readers(client, editions):
    english = add_article(editions.section, EN_TITLE, paragraphs=[EN_TEXT])
    draft = english.copy_for_translation(editions.hy)  # as "Translate" leaves it
    assert not draft.live
    assert published_translations(english) == []
    page = parse(client.get(english.url))
    assert not page.xpath('//p[contains(@class, "also-in")]')
    assert not page.xpath("//link[@hreflang]")
    assert not page.xpath('//meta[@property="og:locale:alternate"]')


def test_translate_in_the_admin_makes_a_draft_with_pictures_and_metadata(
    client, editions, picture, django_user_model
):
    english = add_article(
        editions.section, EN_TITLE, paragraphs=[EN_TEXT], featured_image=picture, tags=["Rights"]
    )
    editor = django_user_model.objects.create_superuser("translator", "t@example.org", "pw")
    client.force_login(editor)
    address = reverse("simple_translation:submit_page_translation", args=[english.pk])
    assert client.get(address).status_code == 200
    response = client.post(address, {"locales": [editions.hy.pk]})
    assert response.status_code == 302
    copy = ArticlePage.objects.get(translation_key=english.translation_key, locale=editions.hy)
    assert not copy.live
    assert copy.featured_image_id == picture.pk
    assert list(copy.tags.names()) == ["Rights"]
    assert copy.get_parent().pk == editions.section.get_translation(editions.hy).pk


def test_right_to_left_editions_say_so(client, settings, home):
    languages = [("en", "English"), ("fa", "فارسی")]
    turn_editions_on(settings)
    settings.MASTHEAD_LANGUAGES = ["en", "fa"]
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = languages
    settings.ROOT_URLCONF = editions_urlconf()
    ensure_edition_homes()
    page = parse(client.get("/fa/"))
    assert (page.get("lang"), page.get("dir")) == ("fa", "rtl")
    assert parse(client.get("/")).get("dir") is None


def test_two_editions_never_share_a_page_cache_entry(client, settings, editions):
    settings.MASTHEAD_PAGE_CACHE = True
    first = client.get("/")
    again = client.get("/")
    armenian = client.get("/hy/")
    assert (first["X-Cache"], again["X-Cache"], armenian["X-Cache"]) == ("miss", "hit", "miss")
    assert parse(armenian).get("lang") == "hy" and parse(again).get("lang") == "en"
    assert armenian["Content-Language"] == "hy"


def test_publishing_a_translation_refreshes_the_original_in_the_cache(
    client, settings, editions, django_capture_on_commit_callbacks
):
    settings.MASTHEAD_PAGE_CACHE = True
    english = add_article(editions.section, EN_TITLE, paragraphs=[EN_TEXT])
    assert client.get(english.url)["X-Cache"] == "miss"
    assert client.get(english.url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        published_translation(english, editions.hy, HY_TITLE, HY_TEXT)
    response = client.get(english.url)
    assert response["X-Cache"] == "miss"
    assert parse(response).xpath('//p[contains(@class, "also-in")]')


def test_a_one_language_site_in_a_regional_variant_keeps_its_pages(settings, home, section):
    """LANGUAGE_CODE=en-gb made an en-gb Locale: MASTHEAD_LANGUAGES=en,hy renames it."""
    Locale.objects.update(language_code="en-gb")
    pages = set(Page.objects.exclude(depth=1).values_list("pk", "locale_id"))
    turn_editions_on(settings)
    ensure_edition_homes()
    en = Locale.objects.get(language_code="en")
    assert {(pk, locale) for pk, locale in pages} <= set(
        Page.objects.values_list("pk", "locale_id")
    )
    assert {locale for _pk, locale in pages} == {en.pk}
    assert home.get_translation(Locale.objects.get(language_code="hy")).live


def test_the_sitemap_lists_both_editions_with_their_alternates(client, story_pair):
    from lxml import etree

    english, armenian = story_pair
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "xhtml": "http://www.w3.org/1999/xhtml",
    }
    index = etree.fromstring(client.get("/sitemap.xml").content)
    alternates = {}
    for location in index.xpath("//s:sitemap/s:loc/text()", namespaces=ns):
        if location.endswith(reverse("distribution:sitemap-news")):
            continue  # the Google News sitemap has no alternates
        part = etree.fromstring(client.get(location.removeprefix("http://testserver")).content)
        for url in part.xpath("//s:url", namespaces=ns):
            (loc,) = url.xpath("s:loc/text()", namespaces=ns)
            alternates[loc] = {
                link.get("hreflang"): link.get("href")
                for link in url.xpath("xhtml:link[@rel='alternate']", namespaces=ns)
            }
    en_url, hy_url = "http://testserver" + english.url, "http://testserver" + armenian.url
    expected = {"en": en_url, "hy": hy_url, "x-default": en_url}
    assert alternates[en_url] == expected
    assert alternates[hy_url] == expected
    assert alternates["http://testserver/hy/"]["hy"] == "http://testserver/hy/"
