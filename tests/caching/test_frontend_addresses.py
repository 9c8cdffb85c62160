"""Which addresses the cache in front (nginx, a CDN) is told to purge when a story changes.

A reader who lands on any page that shows the story (its own page, its
section, the home page, its author's page, its tags' pages, the stories whose
"You May Also Like" lists it, and each of their feeds) must see the change:
each of those addresses is purged, and nothing is left out.
"""

from unittest import mock

import pytest
from wagtail.models import PageViewRestriction

from masthead.caching import frontend
from masthead.caching.frontend import urls_for_tags
from masthead.caching.tags import SITE, page_tag, topic_tag, tree_tag
from masthead.discovery.models import RelatedArticle
from masthead.news.authoring import add_article, add_author
from masthead.news.models import TagIndexPage

ROOT = "http://testserver"


@pytest.fixture
def stories(section):
    writer = add_author("Ani Hakobyan")
    story = add_article(section, "Ferry returns", authors=[writer], tags=["harbour"])
    neighbour = add_article(section, "Harbour works begin")
    RelatedArticle.objects.create(source=neighbour, target=story, position=0, score=1.0)
    return story, neighbour, writer


def test_a_story_change_purges_every_page_and_feed_that_shows_it(stories, section, home):
    story, neighbour, writer = stories
    urls = urls_for_tags({page_tag(story.pk)})
    tag_index = TagIndexPage.objects.live().first()
    expected = {
        ROOT + story.url,
        f"{ROOT}/feeds/comments/{story.pk}/rss/",
        ROOT + section.url,
        ROOT + home.url,
        ROOT + writer.url,
        ROOT + neighbour.url,
    }
    missing = {url for url in expected if not any(u.startswith(url) for u in urls)}
    assert not missing, sorted(urls)
    assert any(u.startswith(ROOT + tag_index.url) and "harbour" in u for u in urls)
    assert any("feed" in u and section.slug in u for u in urls)  # the section's feeds
    assert any("feed" in u and writer.slug in u for u in urls)  # the author's feeds
    assert any("feed" in u and "harbour" in u for u in urls)  # the tag's feeds


def test_a_tag_change_purges_the_tag_page_and_its_feeds(stories):
    story, _neighbour, _writer = stories
    tag_id = story.tags.get().pk
    urls = urls_for_tags({topic_tag(tag_id)})
    assert urls and all("harbour" in url for url in urls)


def test_a_site_wide_change_purges_the_pages_readers_land_on(stories, section, home):
    urls = urls_for_tags({SITE})
    assert ROOT + home.url in urls and ROOT + section.url in urls
    assert any("feed" in url for url in urls)  # the site's own feeds


def test_a_section_made_private_purges_every_story_under_it(
    stories, section, home, django_capture_on_commit_callbacks
):
    """nginx keeps a story until it expires unless its own address is purged."""
    story, neighbour, _writer = stories
    elsewhere = add_article(home, "Not in the section")
    with (
        mock.patch.object(frontend, "purge_tags") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="members"
        )
    (purged,), _ = purge.call_args
    assert tree_tag(section.pk) in purged
    urls = urls_for_tags(purged)
    assert {ROOT + story.url, ROOT + neighbour.url, ROOT + section.url} <= urls
    assert ROOT + elsewhere.url not in urls_for_tags({tree_tag(section.pk)})
