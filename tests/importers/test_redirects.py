"""Every old WordPress address answers with a permanent redirect to its new home."""

import pytest
from wagtail.images import get_image_model

from masthead.importers.redirects import feed_url
from masthead.news.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db


def moved_to(client, old: str) -> str:
    response = client.get(old)
    assert response.status_code == 301, f"{old} answered {response.status_code}"
    return response["Location"]


def test_old_addresses_redirect_to_the_new_pages(imported, client):
    ferry = ArticlePage.objects.get(slug="ferry-timetable-changes").url
    council = ArticlePage.objects.get(slug="council-approves-harbour-budget").url
    news = SectionPage.objects.get(slug="news").url
    ferry_image = get_image_model().objects.get(title="The morning ferry").file.url
    council_image = get_image_model().objects.get(title="Council chamber").file.url
    expected = {
        # Permalinks by date and by ID.
        "/2024/03/12/ferry-timetable-changes/": ferry,
        "/2024/03/12/ferry-timetable-changes": ferry,
        "/?p=10": ferry,
        "/index.php?p=11": council,
        "/2024/03/14/council-approves-harbour-budget/": council,
        "/2024/03/18/ferry-timetable-changes/": ArticlePage.objects.get(
            slug="ferry-timetable-changes-2"
        ).url,
        # Scheduled stories keep their address for the day they go live.
        "/2100/01/01/election-night-live/": ArticlePage.objects.get(slug="election-night-live").url,
        # Categories: top-level → section; child → its tag.
        "/category/news/": news,
        "/category/news/local/": "/tags/local/",
        "/category/local/": "/tags/local/",
        "/?cat=5": news,
        "/category/news/page/2/": f"{news}?page=2",
        # Tags and authors.
        "/tag/ferries/": "/tags/ferries/",
        "/?tag=town-council": "/tags/town-council/",
        "/author/ana/": "/authors/ana-ruiz/",
        "/?author=3": "/authors/tom-okafor/",
        # Pages.
        "/?page_id=21": "/about/team/",
        # Attachment pages: to the story they belong to, or else to the file.
        "/2024/03/12/ferry-timetable-changes/ferry/": ferry,
        "/?attachment_id=102": council_image,
        # Upload URLs, resized copies included.
        "/wp-content/uploads/2024/03/ferry.jpg": ferry_image,
        "/wp-content/uploads/2024/03/ferry-300x200.jpg": ferry_image,
        # Feeds.
        "/feed/": feed_url("site", "/"),
        "/?feed=rss2": feed_url("site", "/"),
        "/category/news/feed/": feed_url("section", news, slug="news"),
        "/tag/ferries/feed/": feed_url("tag", "/tags/ferries/", slug="ferries"),
        "/author/ana/feed/": feed_url("author", "/authors/ana-ruiz/", slug="ana-ruiz"),
    }
    for old, new in expected.items():
        assert moved_to(client, old) == new, old
    article = ArticlePage.objects.get(slug="ferry-timetable-changes")
    assert moved_to(client, "/2024/03/12/ferry-timetable-changes/feed/") == feed_url(
        "comments", ferry, article_id=article.pk
    )


def test_unknown_and_private_ids_do_not_redirect(imported, client):
    assert client.get("/?p=999999").status_code == 200  # the front page, as before
    # Drafts, private and scheduled stories: no redirect that would reveal their address.
    for draft in (12, 13, 14, 15, 19):
        assert client.get(f"/?p={draft}").status_code == 200, draft
    assert client.get("/2024/03/16/private-memo/").status_code == 404
    assert client.get("/?p=abc").status_code == 200
    # A NUL byte is no slug (PostgreSQL would refuse the query): the front page, not a 500.
    assert client.get("/?tag=town%00council").status_code == 200
    assert client.get("/?category_name=news%00").status_code == 200


def test_redirects_follow_a_story_an_editor_moves(imported, client):
    ferry = ArticlePage.objects.get(slug="ferry-timetable-changes")
    politics = SectionPage.objects.get(slug="politics")
    ferry.move(politics, pos="last-child")
    assert moved_to(client, "/?p=10") == "/politics/ferry-timetable-changes/"
    assert moved_to(client, "/2024/03/12/ferry-timetable-changes/") == (
        "/politics/ferry-timetable-changes/"
    )


def test_old_query_addresses_redirect_even_when_the_front_page_is_stored(
    imported, client, settings
):
    """The page cache keeps only what pages read, and WordPress's ``?p=`` is read."""
    settings.MASTHEAD_PAGE_CACHE = True
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/?utm_source=old-newsletter")["X-Cache"] == "hit"
    ferry = ArticlePage.objects.get(slug="ferry-timetable-changes").url
    assert moved_to(client, "/?p=10&utm_source=old-newsletter") == ferry
    assert moved_to(client, "/?feed=rss2") == feed_url("site", "/")
