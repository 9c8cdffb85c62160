"""Jobs the worker runs every minute, so that no cron job is needed.

Wagtail records "go live" and "expire" times on pages and publishes them when
its ``publish_scheduled`` command runs. Every other app registers its own jobs
with :func:`register_periodic_job` from its ``AppConfig.ready()``, so this
module knows none of them (each job must be quick and safe to run repeatedly).
"""

import logging
import threading
from collections.abc import Callable

from django.core.management import call_command
from django.db import close_old_connections

from masthead.core.task_recovery import requeue_abandoned_tasks

logger = logging.getLogger(__name__)

PUBLISH_INTERVAL_SECONDS = 60


def publish_due_pages() -> None:
    """Publish every page whose scheduled time has come, and unpublish expired ones."""
    close_old_connections()
    try:
        call_command("publish_scheduled", verbosity=0)
    finally:
        close_old_connections()


# Tasks whose worker was killed mid-way run again (see core.task_recovery).
PERIODIC_JOBS: list[Callable[[], None]] = [publish_due_pages, requeue_abandoned_tasks]


def register_periodic_job(job: Callable[[], None]) -> None:
    """Have the worker run ``job`` every round; registering twice runs it once."""
    if job not in PERIODIC_JOBS:
        PERIODIC_JOBS.append(job)


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
