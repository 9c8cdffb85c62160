"""The changes that make every cached page stale, as Django and Wagtail announce them.

What appears on every page (sections and other pages in the navigation, site
settings, the site itself), an edited picture, and a page's privacy (a view
restriction added, changed or lifted, which hides or shows every story under
it: on its pages, in listings, in search results) invalidates everything.
Page types whose app knows exactly what their change touches (stories: see
``news.cache_rules``) register with :func:`handles_own_invalidation` and are
left to that app.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core.models import NewsImage

from .invalidation import invalidate
from .tags import SITE, page_tag, tree_tag

_OWN_RULES: set[type[Page]] = set()


def handles_own_invalidation(page_class: type[Page]) -> None:
    """Leave changes to ``page_class`` pages to its app's exact rules."""
    _OWN_RULES.add(page_class)


def _has_own_rules(page_class: type | None) -> bool:
    return page_class is not None and issubclass(page_class, tuple(_OWN_RULES))


def page_published_or_unpublished(sender, instance, **kwargs) -> None:
    if not _has_own_rules(type(instance)):
        invalidate({SITE, page_tag(instance.pk)})


def page_moved(sender, instance, **kwargs) -> None:
    if not _has_own_rules(instance.specific_class):
        invalidate({SITE})


def page_about_to_be_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.live and not _has_own_rules(instance.specific_class):
        invalidate({SITE})


def site_wide_change(sender, instance, created=False, **kwargs) -> None:
    if isinstance(instance, PageViewRestriction):
        # Every page under it is shown or hidden; the front cache must let go of each.
        invalidate({SITE, tree_tag(instance.page_id)})
    elif isinstance(instance, (BaseSiteSetting, BaseGenericSetting, Site)):
        invalidate({SITE})
    elif isinstance(instance, NewsImage) and not created:
        # A picture's credit, description or focal point changed: rare, and
        # the pages showing it are not tracked, so everything.
        invalidate({SITE})


def connect() -> None:
    page_published.connect(page_published_or_unpublished, dispatch_uid="caching-published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="caching-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="caching-moved")
    pre_delete.connect(page_about_to_be_deleted, dispatch_uid="caching-page-deleted")
    post_save.connect(site_wide_change, dispatch_uid="caching-site-wide")
    post_delete.connect(site_wide_change, dispatch_uid="caching-site-wide-deleted")
