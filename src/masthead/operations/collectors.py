"""Metrics read at scrape time from where the truth is kept: the task queue and the database.

Counting in the process that enqueues a task or sends a newsletter would miss
the worker's side and reset with every restart; the rows and the queue already
know. A failing source leaves its metric out of that scrape (and logs why)
rather than failing the whole scrape.
"""

import logging

from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from . import taskqueue
from .unavailable import close_broken_connections

logger = logging.getLogger("masthead.operations")


class TaskQueueCollector:
    """``masthead_task_queue_depth``: tasks waiting for a worker."""

    def collect(self):
        try:
            waiting = taskqueue.waiting_count()
        except Exception as error:
            _skip("masthead_task_queue_depth", error)
            return
        if waiting is None:
            return
        yield GaugeMetricFamily(
            "masthead_task_queue_depth", "Background tasks waiting to be run.", value=waiting
        )


class NewsletterCollector:
    """``masthead_newsletter_deliveries_total``: newsletter mails sent, and failed, so far."""

    def collect(self):
        from masthead.newsletters.models import Delivery, DeliveryStatus

        statuses = [DeliveryStatus.SENT, DeliveryStatus.FAILED]
        try:
            rows = (
                Delivery.objects.filter(status__in=statuses)
                .values_list("status")
                .annotate(n=Count("pk"))
                .order_by()
            )
            counts = dict(rows)
        except Exception as error:
            _skip("masthead_newsletter_deliveries_total", error)
            return
        family = CounterMetricFamily(
            "masthead_newsletter_deliveries",
            "Newsletter deliveries, by outcome (from the deliveries recorded in the database).",
            labels=["status"],
        )
        for status in statuses:
            family.add_metric([str(status)], counts.get(status, 0))
        yield family


def _skip(metric: str, error: Exception) -> None:
    logger.warning("Left %s out of the scrape: %s: %s", metric, type(error).__name__, error)
    if isinstance(error, DatabaseError):
        close_broken_connections()
