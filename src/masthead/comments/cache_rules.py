"""What a change to a comment makes stale in the page cache: comments own the rule.

A comment readers see (or saw) changing touches its story's page, where the
thread and the count are. Moderation's bulk decisions, which bypass these
signals, invalidate the same tag themselves (:mod:`.decisions`).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from masthead.caching.invalidation import invalidate
from masthead.caching.keys import register_page_parameters
from masthead.caching.tags import page_tag

from .models import Comment
from .posting import HELD_PARAMETER
from .section import REPLY_PARAMETER
from .threads import PAGE_PARAMETER


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


def connect() -> None:
    # What the story's comment section reads (masthead.caching.keys keeps only these).
    register_page_parameters(PAGE_PARAMETER, REPLY_PARAMETER, HELD_PARAMETER)
    pre_save.connect(comment_about_to_change, sender=Comment, dispatch_uid="comments-cache-pre")
    post_save.connect(comment_changed, sender=Comment, dispatch_uid="comments-cache")
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="comments-cache-deleted")
