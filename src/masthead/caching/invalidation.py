"""What a change makes stale, and making it so once the change is committed.

Each kind of change names the tags of :mod:`masthead.caching.tags` that it
touches: editing a story's words touches the story wherever it is shown; a
story joining or leaving a listing (first publication, unpublishing, a new
date, other tags or authors, a move) touches those listings too; a section,
a setting or the navigation touches everything. Nothing is invalidated before
the database transaction commits, so no process can cache the old content
again in between.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page

from masthead.news.models import ArticleAuthor, ArticlePage, ArticleTag

from . import frontend
from .middleware import tag_versions
from .tags import SITEMAP, TAG_LIST, list_tag, page_tag, related_tag, topic_tag

logger = logging.getLogger(__name__)


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
    """Tags touched when a story was published, edited, unpublished or moved."""
    tags = {page_tag(article_id), related_tag(article_id), SITEMAP}
    if before is None or before != after:
        # It may have joined or left listings, or moved in their order.
        tags |= listing_tags(after)
        if before is not None:
            tags |= listing_tags(before)
    return tags


def invalidate(tags: Iterable[str]) -> None:
    """Make ``tags`` stale everywhere once the current transaction commits.

    The shared caches in front (nginx, a CDN) are purged of the URLs that
    showed them, worked out by :mod:`.frontend`.
    """
    tags = set(tags)
    if not tags:
        return

    def apply() -> None:
        try:
            tag_versions().bump(tags)
        except Exception:
            # The cache is down: nothing cached can be served either.
            logger.exception("Could not invalidate cached pages for %s", sorted(tags))
        frontend.purge_tags(tags)

    transaction.on_commit(apply, robust=True)
