"""The newsletters' periodic job, run every minute by ``masthead worker`` (see apps.py)."""

import logging

from django.db import close_old_connections

from .digests import make_due_digests
from .scheduling import start_due_editions
from .sending import resume_stalled_sends

logger = logging.getLogger(__name__)


def send_due_newsletters() -> None:
    """Start scheduled editions and due digests, and resume sends a dead worker left."""

    close_old_connections()
    try:
        for step in (start_due_editions, make_due_digests, resume_stalled_sends):
            try:
                step()
            except Exception:
                logger.exception("Newsletter job %s failed; it runs again next minute", step)
    finally:
        close_old_connections()
