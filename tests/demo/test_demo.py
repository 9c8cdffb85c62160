"""`masthead demo`: a believable newsroom, the same for the same seed, built only once."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Site

from masthead.core.models import NewsImage, NewsroomSettings
from masthead.demo.edition import DEFAULT_SEED, plan_edition
from masthead.demo.identity import ABOUT, DEFAULT_SIGNOFF, SECTIONS, SITE_NAME, TAGLINE
from masthead.demo.stories import DRAFT, PUBLISHED, SCHEDULED
from masthead.demo.vocabulary import TAGS
from masthead.news.models import ArticlePage, AuthorPage, SectionPage

ARMENIAN = re.compile("[\u0530-\u058f]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


# The plan: pure data, no database --------------------------------------


def test_a_seed_always_tells_the_same_stories():
    assert plan_edition(DEFAULT_SEED) == plan_edition(DEFAULT_SEED)
    other = plan_edition(DEFAULT_SEED + 1)
    assert {s.headline for s in other.stories} != {s.headline for s in plan_edition().stories}


@pytest.mark.parametrize("seed", [DEFAULT_SEED, 1, 2024])
def test_every_story_follows_the_house_style(seed):
    edition = plan_edition(seed)
    stories = edition.stories
    statuses = [story.status for story in stories]
    assert statuses.count(PUBLISHED) == 40
    assert statuses.count(SCHEDULED) == 1
    assert statuses.count(DRAFT) == 1
    assert len({story.headline for story in stories}) == len(stories)
    assert len(edition.staff) == 6
    assert {story.section for story in stories} == {section.key for section in SECTIONS}

    for story in stories:
        assert 1 <= len(story.authors) <= 2, story.headline
        assert len(set(story.authors)) == len(story.authors)
        if story.section == "opinion":
            assert len(story.authors) == 1 and not story.dateline_place
        else:
            assert story.dateline_place, story.headline
        assert story.standfirst
        assert 4 <= len(story.paragraphs) <= 8, story.headline
        assert 2 <= len(story.tags) <= 4 and set(story.tags) <= set(TAGS)
        assert story.featured_caption
        texts = [story.headline, story.standfirst, story.featured_caption]
        texts += [block.text + block.attribution for block in story.blocks]
        assert not any("{" in text or "}" in text for text in texts), story.headline
        assert story.blocks[0].type == "paragraph" and story.blocks[-1].type == "paragraph"

    published = [story for story in stories if story.status == PUBLISHED]
    assert all(timedelta(0) < story.age <= timedelta(days=60) for story in published)
    assert any(len(story.authors) == 2 for story in published)
    block_types = {block.type for story in published for block in story.blocks}
    assert block_types == {"paragraph", "heading", "blockquote", "pullquote", "figure"}
    assert any(ARMENIAN.search(story.headline) for story in published)
    assert any(CYRILLIC.search(story.headline) for story in published)


def test_some_stories_credit_a_news_agency():
    stories = plan_edition().stories
    credited = [story for story in stories if story.dateline_source]
    assert credited
    assert all(story.source_signoff == story.dateline_source for story in credited)


# The build: into the test database ---------------------------------------


@pytest.mark.django_db
def test_demo_builds_the_newsroom(media, client):
    output = run_demo()

    assert "Demo newsroom ready" in output
    assert "6 sections, 6 authors, 42 articles" in output
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("127.0.0.1", 8000, SITE_NAME)
    newsroom = NewsroomSettings.for_site(site)
    assert (newsroom.tagline, newsroom.about, newsroom.default_signoff) == (
        TAGLINE,
        ABOUT,
        DEFAULT_SIGNOFF,
    )

    assert SectionPage.objects.live().count() == 6
    authors = AuthorPage.objects.live().select_related("photo")
    assert authors.count() == 6
    assert all(author.role and author.bio and author.photo for author in authors)

    articles = ArticlePage.objects.all()
    assert articles.count() == 42
    assert articles.live().count() == 40
    planned = {story.headline for story in plan_edition(DEFAULT_SEED).stories}
    assert set(articles.values_list("title", flat=True)) == planned
    for article in articles.prefetch_related("article_authors"):
        assert 1 <= len(article.article_authors.all()) <= 2, article.title
        assert article.featured_image_id, article.title
        assert ASCII_SLUG.match(article.slug), article.slug
    oldest = articles.live().order_by("first_published_at").first().first_published_at
    assert timezone.now() - oldest <= timedelta(days=60)

    images = NewsImage.objects.all()
    assert images.count() >= 40 + 6
    assert all(image.description and image.credit for image in images)
    assert all((media / image.file.name).exists() for image in images)

    response = client.get("/")
    assert response.status_code == 200
    assert SITE_NAME in response.content.decode()

    # Headlines in Armenian and Russian keep their letters; their URLs are ASCII.
    armenian = articles.get(title__regex=ARMENIAN.pattern)
    russian = articles.get(title__regex=CYRILLIC.pattern)
    assert russian.slug == "festival-narodnoy-muzyki-sobral-tysyachi-gostey"
    for article in (armenian, russian):
        response = client.get(article.url)
        assert response.status_code == 200
        assert article.title in response.content.decode()


@pytest.mark.django_db
def test_demo_is_loaded_only_once(media):
    run_demo()
    before = ArticlePage.objects.count()

    output = run_demo("--if-empty")

    assert output.strip().count("\n") == 0
    assert "already has articles" in output
    assert ArticlePage.objects.count() == before
    with pytest.raises(CommandError, match="empty newsroom"):
        run_demo()


@pytest.mark.django_db
def test_editors_find_a_story_in_review_and_one_scheduled(media):
    run_demo()

    draft = ArticlePage.objects.get(live=False, go_live_at__isnull=True)
    assert draft.first_published_at is None
    assert draft.workflow_in_progress

    scheduled = ArticlePage.objects.get(go_live_at__isnull=False)
    revision = scheduled.revisions.get(approved_go_live_at__isnull=False)
    assert not scheduled.live
    assert scheduled.first_published_at is None
    assert timezone.now() < revision.approved_go_live_at <= timezone.now() + timedelta(hours=1)

    call_command("publish_scheduled", verbosity=0)
    scheduled.refresh_from_db()
    assert not scheduled.live

    # Move the schedule into the past, as if the hour had gone by.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    ArticlePage.objects.filter(pk=scheduled.pk).update(go_live_at=past)
    call_command("publish_scheduled", verbosity=0)

    scheduled.refresh_from_db()
    assert scheduled.live
    assert scheduled.first_published_at is not None
