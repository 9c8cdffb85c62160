"""The "You May Also Like" block as readers see it under an article."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.discovery.models import DiscoverySettings
from masthead.discovery.related import rebuild_all

LONG_BODY = (
    "The city library opened new reading rooms on Saturday with thousands of books, "
    "quiet study desks for students, a children's corner and a café run by volunteers "
    "from the neighbourhood association, who had raised the money over three years."
)


def block_of(html: str) -> str:
    match = re.search(r'<section class="related".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def library_stories(story):
    source = story("Library reopens", LONG_BODY, dateline_place="Gyumri")
    others = [
        story(f"Library story {n}", LONG_BODY + f" Part {n} of our series on libraries {n}.")
        for n in range(6)
    ]
    return source, others


@pytest.mark.django_db
def test_block_shows_four_stories_with_title_date_and_a_dateline_led_excerpt(
    client, library_stories
):
    source, others = library_stories
    rebuild_all()
    block = block_of(client.get(source.url).content.decode())
    assert "You May Also Like" in block
    assert block.count('<li class="related__item">') == 4
    assert "Library reopens<" not in block  # never the article itself
    assert "<time datetime=" in block
    assert "…</p>" in block  # the excerpt is cut at a word with an ellipsis
    first = others[0]
    assert first.teaser() in block.replace("&#x27;", "'")


@pytest.mark.django_db
def test_block_size_follows_the_site_setting(client, library_stories, home):
    source, _ = library_stories
    rebuild_all()
    settings = DiscoverySettings.for_site(home.get_site())
    settings.related_count = 2
    settings.save()
    block = block_of(client.get(source.url).content.decode())
    assert block.count('<li class="related__item">') == 2


@pytest.mark.django_db
def test_block_reads_a_fixed_number_of_queries_whatever_its_size(client, library_stories, home):
    from masthead.discovery.templatetags.discovery_tags import related_articles

    source, _ = library_stories
    rebuild_all()
    request = client.get(source.url).wsgi_request  # warm caches (site, settings)
    counts = []
    for size in (2, 6):
        settings = DiscoverySettings.for_site(home.get_site())
        settings.related_count = size
        settings.save()
        request = client.get(source.url).wsgi_request
        with CaptureQueriesContext(connection) as queries:
            context = related_articles({"request": request}, source)
            assert len(context["stories"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3


@pytest.mark.django_db
def test_before_any_list_is_computed_the_block_shows_the_newest_stories(client, story):
    source = story("Library reopens", LONG_BODY)
    neighbour = story("Council budget approved", "Councillors voted for the plan.")
    block = block_of(client.get(source.url).content.decode())
    assert neighbour.title in block


@pytest.mark.django_db
def test_a_story_unpublished_since_the_last_computation_is_not_shown(client, library_stories):
    source, others = library_stories
    rebuild_all()
    shown = others[0]
    type(shown).objects.filter(pk=shown.pk).update(live=False)
    block = block_of(client.get(source.url).content.decode())
    assert shown.title + "<" not in block
    assert block.count('<li class="related__item">') == 4
