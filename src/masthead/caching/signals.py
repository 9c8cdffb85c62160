"""The changes that make cached pages stale, as Django and Wagtail announce them.

Stories are compared before and after a change (see
:func:`masthead.caching.invalidation.story_change_tags`): the state before is
read just before the page row is written, the state after once it is.
Everything else that appears on every page (sections and other pages in the
navigation, site settings, the site itself), and an edited picture, invalidates
everything.
"""

import threading

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.comments.models import Comment
from masthead.core.models import NewsImage
from masthead.news.models import ArticlePage

from .invalidation import (
    Membership,
    ancestor_ids,
    invalidate,
    membership_of,
    story_change_tags,
)
from .tags import SITE, list_tag, page_tag

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


def page_published_or_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        invalidate(story_change_tags(instance.pk, _recall(instance.pk), membership_of(instance.pk)))
    else:
        invalidate({SITE, page_tag(instance.pk)})


def page_moved(sender, instance, parent_page_before=None, **kwargs) -> None:
    if isinstance(instance.specific_deferred, ArticlePage):
        tags = story_change_tags(instance.pk, None, membership_of(instance.pk))
        if parent_page_before is not None:
            # The listings it left: its old section and the pages above that.
            left = [parent_page_before.pk, *ancestor_ids(parent_page_before.path)]
            tags |= {list_tag(pk) for pk in left}
        invalidate(tags)
    else:
        invalidate({SITE})


def page_about_to_be_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        if instance.live:
            invalidate(story_change_tags(instance.pk, None, membership_of(instance.pk)))
    elif (
        isinstance(instance, Page)
        and instance.live
        and not issubclass(instance.specific_class or Page, ArticlePage)
    ):
        invalidate({SITE})


def comment_about_to_change(sender, instance, **kwargs) -> None:
    instance._status_before = (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


def comment_changed(sender, instance, **kwargs) -> None:
    """A comment readers see (or saw) changed: the story's thread and comment count."""
    approved = Comment.Status.APPROVED
    if approved in (instance.status, getattr(instance, "_status_before", None)):
        invalidate({page_tag(instance.article_id)})


def site_wide_change(sender, instance, created=False, **kwargs) -> None:
    if isinstance(instance, (BaseSiteSetting, BaseGenericSetting, Site)):
        invalidate({SITE})
    elif isinstance(instance, NewsImage) and not created:
        # A picture's credit, description or focal point changed: rare, and
        # the pages showing it are not tracked, so everything.
        invalidate({SITE})


def connect() -> None:
    pre_save.connect(story_about_to_change, sender=ArticlePage, dispatch_uid="caching-story-pre")
    page_published.connect(page_published_or_unpublished, dispatch_uid="caching-published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="caching-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="caching-moved")
    pre_delete.connect(page_about_to_be_deleted, dispatch_uid="caching-page-deleted")
    pre_save.connect(comment_about_to_change, sender=Comment, dispatch_uid="caching-comment-pre")
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="caching-comment")
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="caching-comment-deleted")
    post_save.connect(site_wide_change, dispatch_uid="caching-site-wide")
    post_delete.connect(site_wide_change, dispatch_uid="caching-site-wide-deleted")
