"""Sitemaps and robots.txt, validated against the sitemap schemas as crawlers read them."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.distribution import sitemaps
from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ArticlePage

from .test_feeds import ODD_TITLES
from .xml_helpers import NS, assert_valid, parse_xml

pytestmark = pytest.mark.django_db


def child_sitemaps(client) -> list[str]:
    index = parse_xml(client.get("/sitemap.xml"))
    assert_valid(index)
    return [urlsplit(loc).path for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)]


def all_urls(client) -> dict[str, dict]:
    """Every <url> of every child sitemap (the news one aside): loc → lastmod and images."""
    found: dict[str, dict] = {}
    for path in child_sitemaps(client):
        if path == "/sitemap-news.xml":
            continue
        document = parse_xml(client.get(path))
        assert_valid(document)
        for url in document.iterfind("sm:url", NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            assert loc not in found, f"{loc} listed twice"
            found[loc] = {
                "lastmod": url.findtext("sm:lastmod", namespaces=NS),
                "images": url.xpath("image:image/image:loc/text()", namespaces=NS),
            }
    return found


def test_index_and_children_validate_and_list_every_public_page(client, article, author):
    urls = all_urls(client)
    base = "http://testserver"
    assert {
        f"{base}/",
        f"{base}/community/",
        f"{base}/authors/",
        f"{base}{author.url}",
        f"{base}/tags/",
        f"{base}{article.url}",
        f"{base}/tags/libraries/",
        f"{base}/tags/culture/",
    } <= set(urls)


def test_lastmod_is_the_real_publication_time_and_images_are_listed(client, article, section):
    moment = timezone.now() - timedelta(days=3, hours=2)
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=moment)
    no_picture = add_article(section, "Words only", paragraphs=["x"])
    urls = all_urls(client)
    story = urls[f"http://testserver{article.url}"]
    assert story["lastmod"] == moment.replace(microsecond=0).isoformat()
    assert len(story["images"]) == 1 and story["images"][0].endswith(".jpg")
    assert urls[f"http://testserver{no_picture.url}"]["images"] == []
    # The section is dated by its newest story.
    assert urls["http://testserver/community/"]["lastmod"] == (
        no_picture.last_published_at.replace(microsecond=0).isoformat()
    )


def test_children_are_split_so_no_file_exceeds_the_limit(client, monkeypatch, section):
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 3)
    stories = [add_article(section, f"Story {n}", paragraphs=["x"]) for n in range(8)]
    paths = child_sitemaps(client)
    article_maps = [path for path in paths if path.startswith("/sitemap-articles-")]
    assert len(article_maps) >= 3
    listed = []
    for path in article_maps:
        document = parse_xml(client.get(path))
        assert_valid(document)
        locs = document.xpath("sm:url/sm:loc/text()", namespaces=NS)
        assert 1 <= len(locs) <= 3
        listed += locs
    assert sorted(listed) == sorted(f"http://testserver{story.url}" for story in stories)


def test_drafts_and_private_pages_are_left_out(client, home, section):
    draft = add_article(section, "Not yet", paragraphs=["x"], publish=False)
    members = add_section(home, "Members")
    secret = add_article(members, "Members only", paragraphs=["x"])
    PageViewRestriction.objects.create(page=members, restriction_type="password", password="x")
    urls = all_urls(client)
    for page in (draft, members, secret):
        assert not any(loc.endswith(page.url) for loc in urls if page.url), page.title


def test_news_sitemap_lists_the_last_two_days_with_news_elements(client, article, section):
    old = add_article(
        section,
        "Last week's story",
        paragraphs=["x"],
        published_at=timezone.now() - timedelta(days=3),
    )
    document = parse_xml(client.get("/sitemap-news.xml"))
    assert_valid(document)
    locs = document.xpath("sm:url/sm:loc/text()", namespaces=NS)
    assert locs == [f"http://testserver{article.url}"]
    assert f"http://testserver{old.url}" not in locs
    news = document.find("sm:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Test Gazette"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == article.title
    assert news.findtext("news:publication_date", namespaces=NS) == (
        article.first_published_at.replace(microsecond=0).isoformat()
    )
    assert "/sitemap-news.xml" in child_sitemaps(client)


def test_empty_site_still_answers_valid_sitemaps(client, home):
    assert child_sitemaps(client)  # the front page at least
    document = parse_xml(client.get("/sitemap-news.xml"))
    assert_valid(document)
    assert document.findall("sm:url", NS) == []
    assert "/sitemap-news.xml" not in child_sitemaps(client)


def test_odd_titles_and_a_deleted_author_keep_sitemaps_well_formed(client, section):
    writer = add_author("Soon Gone")
    for title in ODD_TITLES:
        add_article(section, title, paragraphs=["x"], authors=[writer], tags=["Odd & <tag>"])
    writer.delete()
    all_urls(client)
    document = parse_xml(client.get("/sitemap-news.xml"))
    assert_valid(document)
    titles = set(document.xpath("//news:title/text()", namespaces=NS))
    assert "Fish & chips < fish > chips" in titles
    assert "Formfeed and escape pasted from Word" in titles


def test_unknown_or_empty_child_sitemaps_are_404(client, home):
    for path in (
        "/sitemap-nothing-0.xml",
        "/sitemap-articles-0.xml",
        "/sitemap-pages-99999.xml",
        "/sitemap-articles-" + "9" * 30 + ".xml",  # past any database integer
    ):
        assert client.get(path).status_code == 404, path


def test_sitemaps_answer_conditional_get(client, article):
    response = client.get("/sitemap.xml")
    assert client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert response["Last-Modified"]


def test_robots_txt_names_the_sitemaps(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_cached_sitemaps_are_rebuilt_when_a_story_is_published(client, article, section):
    before = client.get("/sitemap-articles-0.xml").content
    assert b"/community/fresh-story/" not in before
    add_article(section, "Fresh story", paragraphs=["x"])
    after = client.get("/sitemap-articles-0.xml").content
    assert b"http://testserver/community/fresh-story/" in after
