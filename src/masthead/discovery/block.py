"""The stories the "You May Also Like" block shows under one article.

Reads the stored list (one query), and only when it is shorter than the block
(a new site, a story the worker has not reached yet) one more query for the
newest stories of the same section, then of the site: a fixed number of queries
whatever the list holds.
"""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from wagtail.models import Page

from masthead.core.models import NewsRendition
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
        RelatedArticle.objects.filter(source_id=article.pk, target__live=True)
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
    """The newest live stories, those of ``article``'s own section first."""
    section_path = article.path[: -Page.steplen]
    candidates = (
        _for_cards(ArticlePage.objects.live())
        .exclude(pk__in=shown | {article.pk})
        .annotate(
            elsewhere=Case(
                When(path__startswith=section_path, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .prefetch_related("featured_image__renditions")
        .order_by("elsewhere", "-first_published_at", "-pk")[:count]
    )
    return list(candidates)
