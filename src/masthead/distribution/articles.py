"""The stories and pages that outside consumers may see, fetched the way they need them.

Tree lookups go through :mod:`masthead.core.tree` (fast on a large archive) and
only through this module, so the rest of the app never spells out tree depths.
Stories sit two levels below the site's front page (front › section › story),
as do author profiles (front › authors › profile).
"""

from django.db.models import Q
from wagtail.models import Page

from masthead.core.tree import children_q, descendants_q
from masthead.news.models import ArticlePage, SectionPage

STORY_DEPTH = 2
AUTHOR_DEPTH = 2


def children_of(page: Page) -> Q:
    return children_q(page)


def stories_under(root: Page) -> Q:
    """Stories of the site whose front page is ``root``."""
    return descendants_q(root, depth=STORY_DEPTH)


def authors_under(root: Page) -> Q:
    return descendants_q(root, depth=AUTHOR_DEPTH)


def public_stories(root: Page):
    """Live stories under ``root`` that anyone may read (none from private sections)."""
    return ArticlePage.objects.live().public().filter(stories_under(root))


def public_articles(root: Page):
    """:func:`public_stories`, newest first, with what listings and feeds print fetched."""
    return ArticlePage.objects.for_listing().public().filter(stories_under(root))


def section_titles(root: Page) -> dict[str, str]:
    """Tree path → title of every live section under ``root``, to name an article's section."""
    return dict(SectionPage.objects.live().filter(children_of(root)).values_list("path", "title"))


def section_title_for(article: ArticlePage, titles: dict[str, str]) -> str:
    return titles.get(article.path[: -Page.steplen], "")
