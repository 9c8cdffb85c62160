"""What a reader of each edition is shown: only that edition's stories.

The newsroom (``conftest.newsroom``) has two English and two Armenian
stories, all tagged "Culture" and signed by the same writer, the library
story in both languages. Each list is read from the rendered page.
"""

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
