"""Publishing a story queues the pings it owes, after the publication is committed."""

import logging

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from masthead.news.models import ArticlePage

logger = logging.getLogger(__name__)


def queue_pings(article_id: int) -> None:
    """Record and queue the pings for a story. Errors are logged, never raised to the editor."""
    from .pings import record_pings
    from .tasks import deliver_ping

    try:
        article = ArticlePage.objects.get(pk=article_id)
        for ping in record_pings(article):
            deliver_ping.enqueue(ping.pk)
    except Exception:
        logger.exception("Could not queue pings for story %s (publishing went ahead)", article_id)


def on_article_published(sender, instance, **kwargs) -> None:
    from .pings import notifications_enabled

    if not notifications_enabled():
        return
    article_id = instance.pk
    transaction.on_commit(lambda: queue_pings(article_id), robust=True)


def connect() -> None:
    from .sitemap_cache import forget_sitemaps

    # Any page, not only stories: sections and profiles are in the sitemaps too.
    page_published.connect(forget_sitemaps, dispatch_uid="distribution-sitemaps-published")
    page_unpublished.connect(forget_sitemaps, dispatch_uid="distribution-sitemaps-unpublished")
    page_published.connect(
        on_article_published, sender=ArticlePage, dispatch_uid="distribution-pings"
    )
