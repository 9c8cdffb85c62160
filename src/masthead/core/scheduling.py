"""Jobs the worker runs every minute, so that no cron job is needed.

Wagtail records "go live" and "expire" times on pages and publishes them when
its ``publish_scheduled`` command runs; other domains add their own periodic
jobs to :data:`PERIODIC_JOBS` (each must be quick and safe to run repeatedly).
"""

import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

from masthead.comments.jobs import send_comment_digest
from masthead.core.task_recovery import requeue_abandoned_tasks
from masthead.newsletters.jobs import send_due_newsletters

logger = logging.getLogger(__name__)

PUBLISH_INTERVAL_SECONDS = 60


def publish_due_pages() -> None:
    """Publish every page whose scheduled time has come, and unpublish expired ones."""
    close_old_connections()
    try:
        call_command("publish_scheduled", verbosity=0)
    finally:
        close_old_connections()


PERIODIC_JOBS = [publish_due_pages]
PERIODIC_JOBS.append(send_comment_digest)
PERIODIC_JOBS.append(send_due_newsletters)
# Tasks whose worker was killed mid-way run again (see core.task_recovery).
PERIODIC_JOBS.append(requeue_abandoned_tasks)


def run_periodic_jobs() -> None:
    """Run every periodic job once; one job failing does not stop the others."""
    for job in PERIODIC_JOBS:
        try:
            job()
        except Exception:
            # A database hiccup must not kill the worker; the next round retries.
            logger.exception("Periodic job %s failed; it runs again next round", job.__name__)


def run_publisher(stop: threading.Event, interval: float = PUBLISH_INTERVAL_SECONDS) -> None:
    """Call :func:`run_periodic_jobs` every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        run_periodic_jobs()
        stop.wait(interval)
