"""Queue a related-lists refresh whenever a story goes live, changes or goes offline.

The task is queued once the publishing transaction has committed, so the worker
reads the published story; a queue that cannot take it never stops an editor
from publishing (the next rebuild catches up).
"""

import logging

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from masthead.news.models import ArticlePage

logger = logging.getLogger(__name__)


def queue_refresh(story_id: int) -> None:
    from .tasks import refresh_related

    def enqueue() -> None:
        try:
            refresh_related.enqueue(story_id)
        except Exception:
            logger.exception("Could not queue the related-stories refresh of page %s", story_id)

    transaction.on_commit(enqueue)


def on_story_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        queue_refresh(instance.pk)


def connect() -> None:
    page_published.connect(on_story_changed, dispatch_uid="discovery-published")
    page_unpublished.connect(on_story_changed, dispatch_uid="discovery-unpublished")
