"""Search pages in the page cache: a repeated search costs no query, and is never stale.

Changes go through what the newsroom uses (publishing, editing, unpublishing a
story) with the commit's callbacks run, as the invalidation waits for the commit.
"""

import re

import pytest
from django.test import Client
from newsroom_staff import member

from masthead.core.roles import EDITORS, ensure_newsroom_roles
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.MASTHEAD_PAGE_CACHE = True


def titles(response) -> list[str]:
    found = re.findall(
        r'<h2 class="search-result__title"><a [^>]*>(.*?)</a>', response.content.decode(), re.S
    )
    return [re.sub(r"</?mark>", "", title) for title in found]


def get(url: str, client: Client | None = None):
    return (client or Client()).get(url)


@pytest.fixture
def harbour(story):
    return story("Harbour market reopens", "Stalls are back on the quay.", days_ago=2)


def test_a_repeated_search_is_answered_from_the_cache_without_any_query(
    harbour, django_assert_num_queries
):
    first = get("/search/?q=harbour")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = get("/search/?q=harbour")
    assert again["X-Cache"] == "hit"
    assert titles(again) == ["Harbour market reopens"]


@pytest.mark.parametrize(
    "respelt",
    [
        "/search/?q=Harbour",
        "/search/?q=%20HARBOUR%20%20",
        "/search/?q=harbour!",
        "/search/?q=harbour&sort=relevance&page=1",
        "/search/?q=harbour&utm_source=newsletter&section=",
    ],
)
def test_spellings_of_the_same_search_share_one_stored_page(
    harbour, respelt, django_assert_num_queries
):
    stored = get("/search/?q=harbour")
    with django_assert_num_queries(0):
        shared = get(respelt)
    assert shared["X-Cache"] == "hit"
    assert shared.content == stored.content


@pytest.mark.parametrize(
    "different",
    [
        "/search/?q=harbour&sort=newest",
        "/search/?q=harbour&page=2",
        "/search/?q=harbour&section=culture",
        "/search/?q=harbour%20market",
    ],
)
def test_searches_that_can_answer_differently_are_stored_apart(harbour, different):
    get("/search/?q=harbour")
    assert get(different)["X-Cache"] == "miss"


def test_publishing_a_matching_story_shows_it_in_the_next_identical_search(
    harbour, story, django_capture_on_commit_callbacks
):
    get("/search/?q=harbour")
    assert get("/search/?q=harbour")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        story("Ferry to the harbour is back", "Boats sail again.", days_ago=1)
    after = get("/search/?q=harbour")
    assert after["X-Cache"] == "miss"
    assert sorted(titles(after)) == ["Ferry to the harbour is back", "Harbour market reopens"]


def test_an_edit_and_an_unpublishing_reach_the_stored_results_at_once(
    harbour, django_capture_on_commit_callbacks
):
    get("/search/?q=quay")
    article = ArticlePage.objects.get(pk=harbour.pk)
    article.title = "Quay market reopens"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert titles(get("/search/?q=quay")) == ["Quay market reopens"]
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=harbour.pk).unpublish()
    assert titles(get("/search/?q=quay")) == []
    assert "No stories found" in get("/search/?q=quay").content.decode()


def test_the_feed_is_stored_and_refreshed_the_same_way(
    harbour, story, django_capture_on_commit_callbacks, django_assert_num_queries
):
    get("/search/feed/?q=harbour")
    with django_assert_num_queries(0):
        again = get("/search/feed/?q=Harbour&sort=newest&page=3")
    assert again["X-Cache"] == "hit"
    assert again["Content-Type"].startswith("application/atom+xml")
    with django_capture_on_commit_callbacks(execute=True):
        story("Harbour lights switched on", "Evening event.", days_ago=0)
    assert "Harbour lights switched on" in get("/search/feed/?q=harbour").content.decode()


def test_a_search_with_a_bad_filter_is_stored_with_its_message(harbour):
    first = get("/search/?q=harbour&date_from=yesterday")
    assert "Enter a date as YYYY-MM-DD." in first.content.decode()
    assert titles(first) == ["Harbour market reopens"]
    again = get("/search/?q=Harbour&date_from=%20yesterday")
    assert again["X-Cache"] == "hit"
    assert "Enter a date as YYYY-MM-DD." in again.content.decode()
    assert 'aria-invalid="true"' in again.content.decode()


def test_pages_with_nothing_to_search_are_not_stored(harbour):
    for url in ("/search/", "/search/?q=%21%21%21"):
        get(url)
        assert "X-Cache" not in get(url)
    assert "any words to search for in “!!!”" in get("/search/?q=%21%21%21").content.decode()


def test_a_query_beyond_ascii_keeps_its_letters(story):
    story("Москва встречает весну", "Новости.", days_ago=1)
    page = get("/search/?q=Москва").content.decode()
    assert "Search results for “Москва”" in page
    assert titles(get("/search/?q=москва")) == ["Москва встречает весну"]


def test_staff_signed_in_see_the_results_readers_see_rendered_for_them(harbour, story, client):
    story("Harbour draft", "Not yet out.", publish=False)
    reader = get("/search/?q=harbour")
    ensure_newsroom_roles()
    client.force_login(member("editor", EDITORS))
    staff = client.get("/search/?q=harbour")
    assert staff["X-Cache"] == "bypass"
    assert "private" in staff["Cache-Control"]
    assert titles(staff) == titles(reader) == ["Harbour market reopens"]
    assert get("/search/?q=harbour")["X-Cache"] == "hit"
