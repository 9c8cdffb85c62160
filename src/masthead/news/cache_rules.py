"""What a change to a story makes stale in the page cache: news owns the rule.

A story is shown on its own page, in related lists, in the sitemap, in search
results, and in the listings of its section (and the pages above it), its
authors and its tags. Editing its words touches the first four; joining or leaving a listing (first
publication, unpublishing, a new date, other tags or authors, a move) touches
those listings too. Stories are compared before and after a change: the state
before is read just before the page row is written, the state after once it is.
The caching app only bumps the tags named here (:func:`invalidate`), and asks
:func:`pages_showing` which pages a cache in front must purge for them.
"""

import re
import threading
from dataclasses import dataclass, field

from django.db.models.signals import pre_delete, pre_save
from taggit.models import Tag
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.caching.frontend import Shown, register_address_source
from masthead.caching.invalidation import invalidate
from masthead.caching.keys import register_page_parameters
from masthead.caching.signals import handles_own_invalidation
from masthead.caching.tags import (
    SEARCH,
    SITEMAP,
    TAG_LIST,
    list_tag,
    page_tag,
    related_tag,
    topic_tag,
)
from masthead.core.pagination import PAGE_PARAMETER

from .models import ArticleAuthor, ArticlePage, ArticleTag, TagIndexPage


@dataclass(frozen=True)
class Membership:
    """Where a story is listed: what must be refreshed when any of it changes."""

    live: bool = False
    published_at: object = None
    path: str = ""
    author_ids: frozenset[int] = field(default_factory=frozenset)
    tag_ids: frozenset[int] = field(default_factory=frozenset)


def membership_of(article_id: int) -> Membership:
    """The story's listings as the database has them now (two small queries)."""
    row = (
        ArticlePage.objects.filter(pk=article_id)
        .values_list("live", "first_published_at", "path")
        .first()
    )
    if row is None:
        return Membership()
    return Membership(
        live=row[0],
        published_at=row[1],
        path=row[2],
        author_ids=frozenset(
            ArticleAuthor.objects.filter(article_id=article_id).values_list("author_id", flat=True)
        ),
        tag_ids=frozenset(
            ArticleTag.objects.filter(content_object_id=article_id).values_list("tag_id", flat=True)
        ),
    )


def ancestor_ids(path: str) -> list[int]:
    """Ids of the pages above a page with this tree path (the home page, its section…)."""
    steplen = Page.steplen
    paths = [path[:end] for end in range(steplen * 2, len(path), steplen)]
    if not paths:
        return []
    return list(Page.objects.filter(path__in=paths).values_list("pk", flat=True))


def listing_tags(state: Membership) -> set[str]:
    tags = {list_tag(pk) for pk in ancestor_ids(state.path)} if state.path else set()
    tags |= {list_tag(pk) for pk in state.author_ids}
    tags |= {topic_tag(pk) for pk in state.tag_ids}
    return tags | {TAG_LIST}


def story_change_tags(article_id: int, before: Membership | None, after: Membership) -> set[str]:
    """Tags touched when a story was published, edited, unpublished or moved.

    Every such change may add the story to, or take it off, any search's
    results (new words, a new date, another section), hence ``SEARCH`` always.
    """
    tags = {page_tag(article_id), related_tag(article_id), SITEMAP, SEARCH}
    if before is None or before != after:
        # It may have joined or left listings, or moved in their order.
        tags |= listing_tags(after)
        if before is not None:
            tags |= listing_tags(before)
    return tags


_before = threading.local()


MAX_REMEMBERED = 100


def _remember(pk: int) -> None:
    stories = getattr(_before, "stories", None)
    if stories is None or len(stories) >= MAX_REMEMBERED:
        # Saves that were never published leave their entry behind; forgetting
        # one only costs a wider invalidation.
        stories = _before.stories = {}
    stories[pk] = membership_of(pk)


def _recall(pk: int) -> Membership | None:
    return getattr(_before, "stories", {}).pop(pk, None)


def story_about_to_change(sender, instance, update_fields=None, **kwargs) -> None:
    # Saves of a few fields are Wagtail's bookkeeping (draft titles, locks), not publication.
    if instance.pk and update_fields is None:
        _remember(instance.pk)


def story_published_or_unpublished(sender, instance, **kwargs) -> None:
    invalidate(story_change_tags(instance.pk, _recall(instance.pk), membership_of(instance.pk)))


def story_moved(sender, instance, parent_page_before=None, **kwargs) -> None:
    if not isinstance(instance.specific_deferred, ArticlePage):
        return
    tags = story_change_tags(instance.pk, None, membership_of(instance.pk))
    if parent_page_before is not None:
        # The listings it left: its old section and the pages above that.
        left = [parent_page_before.pk, *ancestor_ids(parent_page_before.path)]
        tags |= {list_tag(pk) for pk in left}
    invalidate(tags)


def story_about_to_be_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage) and instance.live:
        invalidate(story_change_tags(instance.pk, None, membership_of(instance.pk)))


TOPIC_TAG = re.compile(r"^list-tag-(\d+)$")
STORY_TAG = re.compile(r"^page-(\d+)$")


def tag_page_addresses(tag_id: int) -> list[str]:
    """The tag's page under each tag index ("/tags/harbour/")."""
    tag = Tag.objects.filter(pk=tag_id).first()
    if tag is None:
        return []
    urls = []
    for index in TagIndexPage.objects.live():
        parts = index.get_url_parts()
        if parts is not None:
            urls.append(parts[1].rstrip("/") + parts[2] + index.url_for_tag(tag).lstrip("/"))
    return urls


def pages_showing(tag: str) -> Shown | None:
    """For the cache in front: the listings that show a story, a topic or the tag list."""
    if tag == TAG_LIST:
        return Shown(pages=list(TagIndexPage.objects.live()))
    if match := TOPIC_TAG.match(tag):
        return Shown(urls=tag_page_addresses(int(match.group(1))))
    match = STORY_TAG.match(tag)
    if match is None or not ArticlePage.objects.filter(pk=int(match.group(1))).exists():
        return None
    story_id = int(match.group(1))
    story = Page.objects.get(pk=story_id)
    author_ids = ArticleAuthor.objects.filter(article_id=story_id).values_list("author_id")
    return Shown(
        pages=[
            *story.get_ancestors().filter(depth__gte=2),
            *Page.objects.filter(pk__in=author_ids),
            *TagIndexPage.objects.all(),
        ],
        tags=[
            topic_tag(tag_id)
            for tag_id in ArticleTag.objects.filter(content_object_id=story_id).values_list(
                "tag_id", flat=True
            )
        ],
    )


def connect() -> None:
    # Listings page by it; the page cache keys them on it (masthead.caching.keys).
    register_page_parameters(PAGE_PARAMETER)
    handles_own_invalidation(ArticlePage)
    register_address_source(pages_showing)
    pre_save.connect(story_about_to_change, sender=ArticlePage, dispatch_uid="news-story-pre")
    page_published.connect(
        story_published_or_unpublished, sender=ArticlePage, dispatch_uid="news-published"
    )
    page_unpublished.connect(
        story_published_or_unpublished, sender=ArticlePage, dispatch_uid="news-unpublished"
    )
    post_page_move.connect(story_moved, dispatch_uid="news-moved")
    pre_delete.connect(story_about_to_be_deleted, dispatch_uid="news-story-deleted")
