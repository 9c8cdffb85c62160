"""Background delivery of pings, with retries that back off."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .models import Ping
from .pings import PingFailed, send

logger = logging.getLogger(__name__)

# Delay before each retry: a minute, five, half an hour, two hours, six hours.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@task()
def deliver_ping(ping_id: int) -> str:
    """Send one pending ping; on failure, record why and queue the next attempt.

    The task itself never fails: the outcome lives on the :class:`Ping` row, so
    an operator can see it, and a retry is a new task that waits its turn.
    """
    ping = Ping.objects.filter(pk=ping_id, status=Ping.Status.PENDING).first()
    if ping is None:
        return "nothing to send"
    now = timezone.now()
    ping.attempts += 1
    ping.last_attempt_at = now
    try:
        send(ping)
    except PingFailed as failure:
        ping.last_error = str(failure)[:2000]
        if failure.retry and ping.attempts < MAX_ATTEMPTS:
            ping.next_attempt_at = now + RETRY_DELAYS[ping.attempts - 1]
            ping.save()
            deliver_ping.using(run_after=ping.next_attempt_at).enqueue(ping.pk)
            logger.warning("Ping %s failed (%s); retrying later", ping.pk, failure)
            return "will retry"
        ping.status = Ping.Status.FAILED
        ping.next_attempt_at = None
        ping.save()
        logger.error("Ping %s failed for good (attempt %s): %s", ping.pk, ping.attempts, failure)
        return "gave up"
    ping.status = Ping.Status.SENT
    ping.last_error = ""
    ping.next_attempt_at = None
    ping.save()
    return "sent"
