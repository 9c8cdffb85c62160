"""The page cache: anonymous readers get stored pages, and never a stale or someone else's one.

Every change goes through what editors and moderators really use (Wagtail's
publish and unpublish, the moderation action, site settings), with the
commit's callbacks run, as the invalidation waits for the commit.
"""

import gzip

import pytest
from django.core.cache import caches
from django.test import Client
from wagtail.models import PageViewRestriction

from masthead.caching.versions import TagVersions
from masthead.comments.decisions import apply_action
from masthead.comments.models import Comment
from masthead.core.models import NewsroomSettings
from masthead.discovery.models import RelatedArticle
from masthead.discovery.ranking import Suggestion
from masthead.discovery.related import store_lists
from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ARTICLES_PER_LISTING, ArticlePage


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.MASTHEAD_PAGE_CACHE = True


@pytest.fixture
def story(section):
    return add_article(section, "Harbour market reopens", paragraphs=["Stalls are back."])


def get(url: str, client: Client | None = None, **headers):
    return (client or Client()).get(url, headers=headers)


def republish(article: ArticlePage, commit, **changes) -> None:
    article = ArticlePage.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    with commit(execute=True):
        article.save_revision().publish()


def test_a_second_anonymous_reader_gets_the_stored_page_with_validators(story):
    first = get(story.url)
    second = get(story.url)
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second
    assert f"page-{story.pk}" in second["Surrogate-Key"].split()
    assert "public" in second["Cache-Control"]
    not_modified = get(story.url, If_None_Match=second["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_an_edit_shows_at_once_on_the_story_home_and_section(
    story, home, section, django_capture_on_commit_callbacks
):
    for url in (story.url, home.url, section.url):
        get(url)
        assert get(url)["X-Cache"] == "hit"
    republish(story, django_capture_on_commit_callbacks, title="Harbour market reopens at dawn")
    for url in (story.url, home.url, section.url):
        response = get(url)
        assert response["X-Cache"] == "miss", url
        assert "Harbour market reopens at dawn" in response.content.decode(), url


def test_an_edit_leaves_pages_that_do_not_show_the_story_alone(
    story, home, django_capture_on_commit_callbacks
):
    elsewhere = add_section(home, "Culture")
    other = add_article(elsewhere, "Choir sings at the library", paragraphs=["Songs."])
    neighbours = [
        add_article(elsewhere, f"Library news, part {n}", paragraphs=["Open late."])
        for n in range(4)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        store_lists({other.pk: [Suggestion(story_id=n.pk, score=1.0) for n in neighbours]})
    get(other.url)
    get(elsewhere.url)
    republish(story, django_capture_on_commit_callbacks, title="A new headline")
    assert get(other.url)["X-Cache"] == "hit"
    assert get(elsewhere.url)["X-Cache"] == "hit"


def test_a_new_story_appears_on_its_listings_and_feed(
    story, home, section, django_capture_on_commit_callbacks
):
    feed = "/feeds/rss/"
    for url in (home.url, section.url, feed):
        get(url)
    with django_capture_on_commit_callbacks(execute=True):
        add_article(section, "Ferry timetable changes", paragraphs=["New times."])
    for url in (home.url, section.url, feed):
        response = get(url)
        assert "Ferry timetable changes" in response.content.decode(), url


def test_unpublishing_takes_the_story_off_every_page(
    story, home, section, django_capture_on_commit_callbacks
):
    for url in (story.url, home.url, section.url):
        get(url)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).unpublish()
    assert get(story.url).status_code == 404
    assert "Harbour market reopens" not in get(home.url).content.decode()
    assert "Harbour market reopens" not in get(section.url).content.decode()


def test_an_approved_comment_shows_at_once_and_a_held_one_changes_nothing(
    story, django_capture_on_commit_callbacks
):
    get(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        held = Comment.objects.create(
            article=story,
            author_name="Ani",
            author_email="ani@reader.test",
            body="Lovely to see the stalls back.",
            status=Comment.Status.PENDING,
        )
    still = get(story.url)
    assert still["X-Cache"] == "hit"
    assert "Lovely to see the stalls back." not in still.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        apply_action([held.pk], "approve")
    page = get(story.url).content.decode()
    assert "Lovely to see the stalls back." in page
    assert "ani@reader.test" not in page


def test_a_changed_related_list_refreshes_the_story(
    story, section, django_capture_on_commit_callbacks
):
    other = add_article(section, "Fishermen's co-op elects a chair", paragraphs=["A vote."])
    RelatedArticle.objects.all().delete()
    get(story.url)
    assert get(story.url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        store_lists({story.pk: [Suggestion(story_id=other.pk, score=1.0, pinned=True)]})
    response = get(story.url)
    assert response["X-Cache"] == "miss"
    assert "Fishermen&#x27;s co-op elects a chair" in response.content.decode()


def test_a_site_setting_refreshes_every_page(story, home, django_capture_on_commit_callbacks):
    get(story.url)
    get(home.url)
    settings_row = NewsroomSettings.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.tagline = "News from the harbour towns"
        settings_row.save()
    assert get(story.url)["X-Cache"] == "miss"
    assert get(home.url)["X-Cache"] == "miss"


def test_logged_in_editors_are_never_served_or_stored(story, admin_client):
    editor_page = admin_client.get(story.url)
    assert editor_page["X-Cache"] == "bypass"
    assert "private" in editor_page["Cache-Control"]
    anonymous = get(story.url)
    assert anonymous["X-Cache"] == "miss"  # the editor's page was not stored
    assert "<wagtail-userbar" in editor_page.content.decode()
    assert "<wagtail-userbar" not in anonymous.content.decode()
    assert admin_client.get(story.url)["X-Cache"] == "bypass"


def test_a_commenter_with_remembered_details_gets_their_own_page(story):
    get(story.url)
    client = Client()
    client.cookies["masthead_commenter"] = '{"author": "Lena", "email": "lena@reader.test"}'
    own = client.get(story.url)
    assert own["X-Cache"] == "bypass"
    assert "lena@reader.test" in own.content.decode()
    assert "lena@reader.test" not in get(story.url).content.decode()


def test_cached_pages_carry_no_cookie_csrf_token_or_held_comment(story):
    get(story.url)
    hit = get(story.url)
    assert hit["X-Cache"] == "hit"
    assert not hit.cookies
    assert "csrfmiddlewaretoken" not in hit.content.decode()
    assert "Cookie" not in hit.get("Vary", "")
    assert "X-Cache" not in get(story.url + "?held=not-a-real-token")


def test_searches_with_words_are_stored_and_the_empty_search_form_is_not(story):
    get("/search/?q=harbour")
    assert get("/search/?q=harbour")["X-Cache"] == "hit"
    get("/search/")
    assert "X-Cache" not in get("/search/")


def test_making_a_section_private_takes_its_stories_off_stored_pages(
    story, section, django_capture_on_commit_callbacks
):
    for url in (story.url, "/search/?q=harbour"):
        get(url)
        assert get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.PASSWORD, password="members"
        )
    assert "Stalls are back." not in get(story.url).content.decode()
    assert "Harbour market reopens" not in get("/search/?q=harbour").content.decode()


def test_every_process_sees_an_invalidation_at_once(story):
    """Two processes' views of the shared versions, as two app servers have."""
    cache = caches["default"]
    mine, theirs = TagVersions(cache), TagVersions(cache)
    tag = f"page-{story.pk}"
    _, before = theirs.current([tag, "site"])
    mine.bump([tag])
    _, after = theirs.current([tag, "site"])
    assert after[tag] != before[tag]
    assert after["site"] == before["site"]


def test_a_new_byline_refreshes_the_authors_listing(story, django_capture_on_commit_callbacks):
    writer = add_author("Mariam Petrosyan")
    get(writer.url)
    article = ArticlePage.objects.get(pk=story.pk)
    from masthead.news.models import ArticleAuthor

    article.article_authors = [ArticleAuthor(author=writer)]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Harbour market reopens" in get(writer.url).content.decode()


def test_browsers_get_the_stored_page_compressed_once_for_all(story):
    plain = get(story.url)
    get(story.url, Accept_Encoding="gzip, deflate, br")
    hit = get(story.url, Accept_Encoding="gzip, deflate, br")
    assert hit["X-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content) / 2
    assert gzip.decompress(hit.content) == get(story.url).content
    assert "Accept-Encoding" in hit["Vary"]
    assert get(story.url, If_None_Match=hit["ETag"], Accept_Encoding="gzip").status_code == 304


def test_an_edited_picture_credit_shows_at_once(
    section, picture, django_capture_on_commit_callbacks
):
    story = add_article(section, "Harbour at dawn", paragraphs=["Boats."], featured_image=picture)
    get(story.url)
    assert get(story.url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        picture.credit = "Photo: Ani Hakobyan"
        picture.save()
    assert "Photo: Ani Hakobyan" in get(story.url).content.decode()


def test_a_moved_story_leaves_its_old_section_and_joins_the_new_one(
    story, home, section, django_capture_on_commit_callbacks
):
    culture = add_section(home, "Culture")
    for url in (section.url, culture.url):
        get(url)
        assert get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).move(culture, pos="last-child")
    assert "Harbour market reopens" not in get(section.url).content.decode()
    assert "Harbour market reopens" in get(culture.url).content.decode()


def test_a_query_string_no_page_reads_cannot_force_a_fresh_render(story, django_assert_num_queries):
    """Tracking tags and cache-busters share the story's stored page: no render, no new entry."""
    assert get(story.url)["X-Cache"] == "miss"
    for busted in ("?x=1", "?x=2&y=3", "?utm_source=newsletter&fbclid=abc123", "?cpag=2"):
        with django_assert_num_queries(0):
            response = get(story.url + busted)
        assert response["X-Cache"] == "hit", busted
        assert "Stalls are back." in response.content.decode()


def test_parameters_pages_read_still_get_their_own_page(story, section):
    for i in range(ARTICLES_PER_LISTING):
        add_article(section, f"Older story {i}", paragraphs=["Filler."])
    first = get(section.url)
    second = get(section.url + "?page=2&utm_source=x")
    assert second["X-Cache"] == "miss"
    assert second.content != first.content
    assert get(section.url + "?utm_medium=y&page=2")["X-Cache"] == "hit"
    assert get(story.url + "?cpage=2")["X-Cache"] == "miss"
    assert get(story.url + "?replytocom=1")["X-Cache"] == "miss"
