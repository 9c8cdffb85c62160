"""Reacting to publishing: a story that goes live may be breaking news for some lists."""

import logging

from django.db import transaction

from .models import Cadence, NewsletterList

logger = logging.getLogger(__name__)


def on_article_published(sender, instance, **kwargs) -> None:
    """Queue the breaking-news alert once the publication is committed.

    Only a cheap check happens here, inside the editor's request; the worker
    decides which lists the story matches and sends.
    """
    if not NewsletterList.objects.filter(cadence=Cadence.IMMEDIATE).exists():
        return
    article_id = instance.pk

    def queue() -> None:
        from .tasks import send_breaking_news

        try:
            send_breaking_news.enqueue(article_id)
        except Exception:
            logger.exception("Could not queue the breaking-news alert for article %s", article_id)

    transaction.on_commit(queue)
