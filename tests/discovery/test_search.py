"""Site search at /search/: relevance, filters, snippets, the feed and bad input."""

import re
from datetime import timedelta

import pytest

from masthead.news.authoring import add_article


def result_titles(response) -> list[str]:
    html = response.content.decode()
    titles = re.findall(r'<h2 class="search-result__title"><a [^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def archive(story, author):
    return {
        "headline": story(
            "Harvest festival returns to the valley",
            "Farmers brought apples and bread to the square.",
            section="Culture",
            days_ago=5,
            authors=[author],
        ),
        "body": story(
            "Council meets on Tuesday",
            "Among other business, the council discussed the harvest festival budget.",
            section="Community",
            days_ago=1,
        ),
        "other": story(
            "Football club wins the derby",
            "The striker scored twice in the second half.",
            section="Sport",
            days_ago=2,
        ),
        "draft": story("Harvest festival draft", "Not yet published.", publish=False),
    }


@pytest.mark.django_db
def test_headline_matches_rank_above_body_matches(client, archive):
    titles = result_titles(client.get("/search/", {"q": "harvest festival"}))
    assert titles == [archive["headline"].title, archive["body"].title]


@pytest.mark.django_db
def test_results_show_count_highlighted_snippet_and_no_drafts(client, archive):
    html = client.get("/search/", {"q": "budget"}).content.decode()
    assert "1 story found" in html
    assert "<mark>budget</mark>" in html
    assert "draft" not in html.lower().split("<main")[1]


@pytest.mark.django_db
def test_sort_by_date_puts_newest_first(client, archive):
    titles = result_titles(client.get("/search/", {"q": "harvest festival", "sort": "newest"}))
    assert titles == [archive["body"].title, archive["headline"].title]


@pytest.mark.django_db
def test_filters_by_section_author_and_date(client, archive, author, now):
    assert result_titles(client.get("/search/", {"q": "harvest", "section": "culture"})) == [
        archive["headline"].title
    ]
    assert result_titles(client.get("/search/", {"q": "harvest", "author": author.slug})) == [
        archive["headline"].title
    ]
    since = (now - timedelta(days=3)).date().isoformat()
    assert result_titles(client.get("/search/", {"q": "harvest", "date_from": since})) == [
        archive["body"].title
    ]


@pytest.mark.django_db
def test_the_chosen_filter_stays_chosen_and_an_unknown_one_is_named(client, archive):
    params = {"q": "harvest", "section": "culture", "author": "nobody"}
    html = client.get("/search/", params).content.decode()
    assert '<option value="culture" selected>Culture</option>' in html
    assert "There is no such author." in html
    assert re.search(r'<select [^>]*aria-invalid="true"[^>]*name="author"', html)
    assert result_titles(client.get("/search/", params)) == [archive["headline"].title]


@pytest.mark.django_db
def test_when_no_story_has_every_word_any_word_will_do(client, archive):
    response = client.get("/search/", {"q": "striker zeppelin"})
    assert result_titles(response) == [archive["other"].title]
    assert "none had all of them" in response.content.decode()


@pytest.mark.django_db
def test_empty_and_unmatched_searches_explain_what_to_do(client, archive):
    assert "Type a few words" in client.get("/search/").content.decode()
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "No stories found" in html and "check the spelling" in html


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_240,
    "harvest " * 2_000,
    '"harvest',
    "harvest*",
    "(harvest OR",
    "-harvest",
    "title:harvest",
    "harvest^3",
    "harvest NEAR festival",
    "AND",
    "OR NOT NEAR",
    '" * ( ) - : ^',
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "harvest\x00festival",
    "Գյումրի Москва ελληνικά 東京 festival",
    "🍎🍞 harvest 🎉",
    "🎉🎉🎉",
    "%",
    "\\",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_give_a_sensible_page(client, archive, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "harvest", "page": "999"},
        {"q": "harvest", "page": "-1"},
        {"q": "harvest", "page": "abc"},
        {"q": "harvest", "page": "9" * 50},
        {"q": "harvest", "section": "no-such-section"},
        {"q": "harvest", "author": "nobody"},
        {"q": "harvest", "date_from": "yesterday", "date_to": "2024-13-45"},
        {"q": "harvest", "date_from": "2025-02-01", "date_to": "2024-01-01"},
        {"q": "harvest", "sort": "random"},
        {"q": ["harvest", "festival"]},
    ],
)
def test_bad_parameters_give_a_sensible_page(client, archive, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert archive["headline"].title in result_titles(response)


@pytest.mark.django_db
def test_page_beyond_the_last_shows_the_last_page(client, story):
    for n in range(12):
        story(f"Harvest report {n}", f"Harvest notes number {n} from the valley farms.")
    html = client.get("/search/", {"q": "harvest", "page": "7"}).content.decode()
    assert "page 2 of 2" in html
    assert "this is the last page" in html


@pytest.mark.django_db
def test_words_in_code_and_preformatted_text_are_found(client, sections):
    code = [("preformatted", "count_ballots(ward='north')")]
    add_article(sections["Community"], "Polling script published", body=code)
    assert result_titles(client.get("/search/", {"q": "ballots"})) == ["Polling script published"]


@pytest.mark.django_db
def test_snippets_escape_story_text(client, story):
    story("Harvest <script>alert(1)</script> night", "Harvest <b>bold</b> & more.")
    html = client.get("/search/", {"q": "harvest"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_atom_feed_of_a_search(client, archive):
    response = client.get("/search/feed/", {"q": "harvest festival"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert archive["headline"].title in body and archive["body"].title in body
    assert archive["draft"].title not in body
    assert client.get("/search/feed/", {"q": "🎉"}).status_code == 200


@pytest.mark.django_db
def test_admin_search_finds_drafts(admin_client, archive):
    response = admin_client.get("/admin/pages/search/", {"q": "draft"})
    assert response.status_code == 200
    assert archive["draft"].title in response.content.decode()


@pytest.mark.django_db
def test_header_has_a_labelled_search_box(client, archive):
    html = client.get(archive["headline"].url).content.decode()
    assert 'role="search"' in html
    assert '<label for="site-search-q">' in html


# The search paths: SQLite's own FTS5 query, Wagtail's search API elsewhere.

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils.html import escape  # noqa: E402

from masthead.discovery import fts_search  # noqa: E402
from masthead.discovery.search import (  # noqa: E402
    SearchFilters,
    clean_query,
    search_stories,
    uses_sqlite_fts,
)
from masthead.discovery.search_backends import search_backends  # noqa: E402

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the FTS5 query runs only on SQLite; other databases use Wagtail's search API",
)


def found_titles(query: str, **filters) -> list[str]:
    outcome = search_stories(clean_query(query), SearchFilters(**filters))
    return [story.title for story in outcome.results[:50]]


@pytest.mark.django_db
def test_the_fast_path_runs_on_sqlite_and_wagtails_api_elsewhere(home):
    assert uses_sqlite_fts() is (connection.vendor == "sqlite")


@sqlite_only
@pytest.mark.django_db
def test_another_configured_backend_on_sqlite_goes_through_wagtails_api(archive):
    fallback = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=fallback):
        assert not uses_sqlite_fts()
        assert archive["headline"].title in found_titles("harvest festival")


@pytest.mark.django_db
def test_a_headline_word_outweighs_the_same_word_repeated_in_a_body(story):
    story("Budget talks", "The orchard budget, the orchard plan, the orchard vote.", days_ago=1)
    story("Orchard reopens", "Gates open again on Saturday morning.", days_ago=9)
    assert found_titles("orchard") == ["Orchard reopens", "Budget talks"]


@pytest.mark.django_db
def test_every_word_must_match_before_any_word_will_do(story):
    story("Orchard and river", "Both in one story.")
    story("Orchard alone", "Nothing else here.")
    outcome = search_stories(clean_query("orchard river"), SearchFilters())
    assert [s.title for s in outcome.results[:10]] == ["Orchard and river"]
    assert outcome.any_word is False


@pytest.mark.django_db
def test_stories_in_a_restricted_section_are_never_found(client, story, sections):
    from wagtail.models import PageViewRestriction

    story("Orchard in the open", "Public.", section="Community")
    story("Orchard behind a password", "Members only.", section="Sport")
    PageViewRestriction.objects.create(
        page=sections["Sport"], restriction_type="password", password="x"
    )
    assert result_titles(client.get("/search/", {"q": "orchard"})) == ["Orchard in the open"]


@pytest.mark.django_db
def test_a_republished_headline_is_found_by_its_new_words(story):
    article = story("Orchard plans", "Council notes.")
    article.title = "Vineyard plans"
    article.save_revision().publish()
    assert found_titles("vineyard") == ["Vineyard plans"]
    assert found_titles("orchard") == []


@pytest.fixture
def twelve(story):
    return [
        story(f"Harvest report {n}", f"Harvest notes number {n} from the valley.", days_ago=n + 1)
        for n in range(12)
    ]


@pytest.mark.django_db
def test_pages_split_the_results_without_repeats_and_count_them(client, twelve):
    first = client.get("/search/", {"q": "harvest", "sort": "newest"})
    second = client.get("/search/", {"q": "harvest", "sort": "newest", "page": "2"})
    assert "12 stories found; page 1 of 2" in first.content.decode()
    titles = result_titles(first) + result_titles(second)
    assert titles == [article.title for article in twelve]


@pytest.mark.django_db
def test_relevance_pages_hold_every_result_once(client, twelve):
    titles = result_titles(client.get("/search/", {"q": "harvest valley"}))
    titles += result_titles(client.get("/search/", {"q": "harvest valley", "page": "2"}))
    assert sorted(titles) == sorted(article.title for article in twelve)


@sqlite_only
@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["", "newest"])
def test_a_count_past_the_limit_says_more_than(client, twelve, monkeypatch, sort):
    monkeypatch.setattr(fts_search, "COUNT_LIMIT", 5)
    response = client.get("/search/", {"q": "harvest", "sort": sort})
    html = response.content.decode()
    assert "More than 5 stories found" in html
    titles = result_titles(response)
    assert len(titles) == 5
    if sort == "newest":
        assert titles == [article.title for article in twelve[:5]]


@sqlite_only
@pytest.mark.django_db
def test_newest_first_past_the_limit_walks_dates_within_the_filters(twelve, monkeypatch, now):
    from django.utils import timezone

    monkeypatch.setattr(fts_search, "COUNT_LIMIT", 4)
    day = timezone.localdate(now)
    date_from, date_to = day - timedelta(days=10), day - timedelta(days=3)
    filters = SearchFilters(newest_first=True, date_from=date_from, date_to=date_to)
    results = search_stories(clean_query("harvest"), filters).results
    in_range = [
        a.title for a in twelve if date_from <= timezone.localdate(a.first_published_at) <= date_to
    ]
    assert len(in_range) > 4
    assert results.count() == 4 and results.is_capped
    assert [s.title for s in results[0:2] + results[2:4]] == in_range[:4]


@sqlite_only
@pytest.mark.django_db
def test_the_date_walk_keeps_local_days_whatever_the_time_zone(story, settings, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from masthead.news.models import ArticlePage

    settings.TIME_ZONE = "Asia/Tokyo"
    tokyo = ZoneInfo("Asia/Tokyo")
    monkeypatch.setattr(fts_search, "COUNT_LIMIT", 1)
    times = {
        "Harvest the next midnight": datetime(2025, 3, 11, 0, 0, tzinfo=tokyo),
        "Harvest at dawn": datetime(2025, 3, 10, 3, 0, tzinfo=tokyo),
        "Harvest at midnight": datetime(2025, 3, 10, 0, 0, tzinfo=tokyo),
        "Harvest the night before": datetime(2025, 3, 9, 23, 0, tzinfo=tokyo),
    }
    ids = {}
    for title, published in times.items():
        ids[title] = story(title, "Notes from the valley.").pk
        ArticlePage.objects.filter(pk=ids[title]).update(first_published_at=published)
    day = times["Harvest at dawn"].date()
    filters = SearchFilters(newest_first=True, date_from=day, date_to=day)
    results = search_stories(clean_query("harvest"), filters).results
    assert results.count() == 1 and results.is_capped
    assert results.ids(0, 5) == [ids["Harvest at dawn"], ids["Harvest at midnight"]]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the title || body index is for Wagtail's PostgreSQL backend only",
)
@pytest.mark.django_db
def test_postgres_indexes_the_expression_wagtail_searches():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'masthead_search_title_body_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (((title || body)))" in definition


def test_only_quoted_plain_words_reach_fts5_match():
    assert fts_search.match_expression(["harvest", "NEAR", 'a"b'], "and") == (
        '{title body} : ("harvest" AND "NEAR" AND "a""b")'
    )
    assert fts_search.match_expression(["x", "y"], "or") == '{title body} : ("x" OR "y")'


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_reach_the_search_as_plain_words_only(archive, query):
    outcome = search_stories(clean_query(query), SearchFilters())
    assert outcome.results.count() >= 0
    assert len(list(outcome.results[0:10])) <= 10


@pytest.mark.django_db
def test_odd_characters_of_every_script_never_break_the_search(client, archive):
    import random

    pool = [chr(cp) for cp in range(0x20, 0x3000)] + list("東京🍎ⅷ²ǅ\u0301\u200d")
    rng = random.Random(5)
    for _ in range(40):
        query = "".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))
        response = client.get("/search/", {"q": query, "sort": rng.choice(["", "newest"])})
        assert response.status_code == 200, query


@pytest.mark.django_db
def test_matched_words_are_marked_in_escaped_titles(client, story):
    story("Orchard & <b>river</b>", "Plain body.")
    html = client.get("/search/", {"q": "orchard"}).content.decode()
    assert "<mark>Orchard</mark>" + escape(" & <b>river</b>") in html


# MASTHEAD_SEARCH_URL picks Wagtail's backend.


def test_the_database_backend_is_the_default():
    assert search_backends({}) == {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert search_backends({"MASTHEAD_SEARCH_URL": " "})["default"]["BACKEND"].endswith(".database")


@pytest.mark.parametrize(
    "url, backend, urls",
    [
        ("elasticsearch://es:9200", "elasticsearch8", ["http://es:9200"]),
        ("elasticsearch9+https://es.example.org", "elasticsearch9", ["https://es.example.org"]),
        ("opensearch://u:p@os1:9200,opensearch://os2:9200", "opensearch3", None),
        ("opensearch2://os:9200", "opensearch2", ["http://os:9200"]),
    ],
)
def test_a_search_url_selects_elasticsearch_or_opensearch(url, backend, urls):
    config = search_backends({"MASTHEAD_SEARCH_URL": url, "MASTHEAD_SEARCH_INDEX": "gazette"})
    default = config["default"]
    assert default["BACKEND"] == f"wagtail.search.backends.{backend}"
    assert default["URLS"] == (urls or ["http://u:p@os1:9200", "http://os2:9200"])
    assert default["INDEX_PREFIX"] == "gazette_"


@pytest.mark.parametrize(
    "url",
    ["http://es:9200", "solr://s:8983", "elasticsearch://", "opensearch://a,elasticsearch://b"],
)
def test_a_search_url_that_cannot_work_stops_startup(url):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="MASTHEAD_SEARCH_URL"):
        search_backends({"MASTHEAD_SEARCH_URL": url})
