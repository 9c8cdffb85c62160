"""Home, section, author and tag pages, and how they take odd URLs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ARTICLES_PER_LISTING, HOME_RAIL_SIZE

pytestmark = pytest.mark.django_db


def publish_many(section, count, **kwargs):
    now = timezone.now()
    return [
        add_article(
            section,
            f"{section.title} story {index}",
            paragraphs=[f"Paragraph of story {index}."],
            published_at=now - timedelta(hours=index),
            **kwargs,
        )
        for index in range(count)
    ]


def test_home_lists_latest_first_with_a_rail_per_section(client, home, section):
    culture = add_section(home, "Culture")
    publish_many(section, 6)
    publish_many(culture, 2)
    html = client.get("/").content.decode()
    assert html.index("Community story 0") < html.index("Community story 1")
    rails = html.split('class="rails"', 1)[1]
    assert 'id="rail-' in rails
    assert rails.count("Community story") == HOME_RAIL_SIZE
    assert rails.count("Culture story") == 2
    assert "Community story 5" not in rails


def test_section_listing_is_paginated(client, section):
    publish_many(section, ARTICLES_PER_LISTING + 3)
    first = client.get(section.url).content.decode()
    assert "Page 1<" in first
    assert 'rel="next"' in first
    second = client.get(section.url + "?page=2").content.decode()
    assert f"Community story {ARTICLES_PER_LISTING + 2}<" in second
    assert "Community story 0<" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(section.url + "?page=3").status_code == 404


def test_sticky_story_stays_first_on_the_front_page(client, section):
    publish_many(section, 3)
    add_article(
        section,
        "Pinned appeal",
        paragraphs=["x"],
        published_at=timezone.now() - timedelta(days=30),
        sticky=True,
    )
    html = client.get("/").content.decode()
    assert html.index("Pinned appeal") < html.index("Community story 0")


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "9" * 40, "%00", "１"])
def test_junk_page_numbers_fall_back_to_the_first_page(client, section, page):
    publish_many(section, 2)
    response = client.get(section.url, {"page": page})
    assert response.status_code == 200
    assert "Community story 0" in response.content.decode()


def test_a_page_past_the_end_is_the_designed_404(client, section):
    publish_many(section, 2)
    response = client.get(section.url, {"page": "999999"})
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/community/no-such-story/",
        "/tags/" + "x" * 400 + "/",
        "/authors/%E2%80%AE%F0%9F%98%80/",
        "/community/%ff%fe/",
    ],
)
def test_unknown_paths_get_the_designed_404(client, section, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_long_and_odd_query_strings_are_harmless(client, article):
    response = client.get(article.url + "?" + "q=" + "%F0%9F%98%80" * 500 + "&page=" + "a" * 5000)
    assert response.status_code == 200


def test_author_page_lists_their_stories_only(client, section, author):
    other = add_author("Somebody Else")
    add_article(section, "Mine", paragraphs=["x"], authors=[author])
    add_article(section, "Theirs", paragraphs=["x"], authors=[other])
    html = client.get(author.url).content.decode()
    assert "Staff writer" in html
    assert ">Mine<" in html
    assert ">Theirs<" not in html


def test_author_email_is_never_shown(client, section):
    writer = add_author("Private Person", email="private.person@example.org")
    story = add_article(section, "Story", paragraphs=["x"], authors=[writer])
    for url in (writer.url, story.url, "/", section.url, "/authors/"):
        assert "private.person@example.org" not in client.get(url).content.decode()


def test_tag_page_lists_live_stories_with_that_tag(client, section):
    add_article(section, "Tagged live", paragraphs=["x"], tags=["Elections"])
    add_article(section, "Tagged draft", paragraphs=["x"], tags=["Elections"], publish=False)
    add_article(section, "Untagged", paragraphs=["x"])
    html = client.get("/tags/elections/").content.decode()
    assert "Tagged live" in html
    assert "Tagged draft" not in html
    assert ">Untagged<" not in html
    index = client.get("/tags/").content.decode()
    assert 'href="/tags/elections/"' in index


def test_drafts_are_not_listed_or_served(client, section):
    draft = add_article(section, "Secret draft", paragraphs=["x"], publish=False)
    assert "Secret draft" not in client.get("/").content.decode()
    assert "Secret draft" not in client.get(section.url).content.decode()
    assert client.get(f"/community/{draft.slug}/").status_code == 404
