"""The stories the "You May Also Like" block shows under one article.

Reads the stored list (one query), and only when it is shorter than the block
(a new site, a story the worker has not reached yet) one more query for the
newest stories of the same section, then of the site: a fixed number of queries
whatever the list holds.

With editions, only stories of the article's own edition: a reader of the
Armenian story is offered Armenian stories, never the English original it
was translated from (which shares its tags, byline and date, so ranks high).
The section is in the edition's own tree already; the rest is filtered here.
"""

from django.db.models import Prefetch

from masthead.core.editions import in_edition
from masthead.core.models import NewsRendition
from masthead.core.tree import siblings_q
from masthead.news.models import ArticlePage

from .models import RelatedArticle


def _for_cards(queryset):
    """What a card prints, without the body, renditions fetched together."""
    return queryset.defer("body").select_related("featured_image")


def related_stories(article: ArticlePage, count: int) -> list[ArticlePage]:
    """Up to ``count`` live stories to suggest under ``article``, best first."""
    if count <= 0 or article.pk is None:
        return []
    stored = (
        RelatedArticle.objects.filter(
            in_edition(article, "target__"), source_id=article.pk, target__live=True
        )
        .exclude(target_id=article.pk)
        .select_related("target", "target__featured_image")
        .defer("target__body")
        .prefetch_related(
            Prefetch("target__featured_image__renditions", queryset=NewsRendition.objects.all())
        )
        .order_by("position")[:count]
    )
    stories = [row.target for row in stored]
    if len(stories) < count:
        stories += newest_nearby(article, count - len(stories), {s.pk for s in stories})
    return stories


def newest_nearby(article: ArticlePage, count: int, shown: set[int]) -> list[ArticlePage]:
    """The newest live stories, those of ``article``'s own section first.

    Two small queries rather than one ordered by "same section first": that
    single query sorted the whole archive (35 ms at 100,000 stories), while
    each of these walks the publication-date index and stops after ``count``.
    """
    skip = shown | {article.pk}
    newest = (
        _for_cards(ArticlePage.objects.live())
        .prefetch_related("featured_image__renditions")
        .order_by("-first_published_at", "-pk")
    )
    stories = list(newest.filter(siblings_q(article)).exclude(pk__in=skip)[:count])
    if len(stories) < count:
        skip |= {story.pk for story in stories}
        stories += list(
            newest.filter(in_edition(article), depth=article.depth).exclude(pk__in=skip)[
                : count - len(stories)
            ]
        )
    return stories
