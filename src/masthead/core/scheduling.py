"""Scheduled publishing, carried out by the worker.

Wagtail records "go live" and "expire" times on pages and publishes them when
its ``publish_scheduled`` command runs. The worker runs it every minute so that
no cron job is needed on a one-machine install.
"""

import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger(__name__)

PUBLISH_INTERVAL_SECONDS = 60


def publish_due_pages() -> None:
    """Publish every page whose scheduled time has come, and unpublish expired ones."""
    close_old_connections()
    try:
        call_command("publish_scheduled", verbosity=0)
    finally:
        close_old_connections()


def run_publisher(stop: threading.Event, interval: float = PUBLISH_INTERVAL_SECONDS) -> None:
    """Call :func:`publish_due_pages` every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            publish_due_pages()
        except Exception:
            # A database hiccup must not kill the worker; the next round retries.
            logger.exception("Scheduled publishing failed; retrying in %s s", interval)
        stop.wait(interval)
