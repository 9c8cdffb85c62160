"""Kill the worker mid-send, start it again: every reader gets the edition exactly once.

The worker is the real thing (``masthead worker``) in a subprocess, sending
through Django's SMTP backend to an aiosmtpd server run by this test. It must
see the rows this test writes, so the test commits them (``transaction=True``)
and hands the worker the same database (servers.SharedDatabase: on SQLite a
file copy of the in-memory test database), from which results are read back.

The kill is ``SIGKILL`` (no clean-up possible), sent from inside the SMTP
server while it holds the N-th message and before it answers: the moment the
server has the mail but the worker has not heard back, where a sender that
records deliveries after the server's reply would send that mail twice.
"""

import os
import signal
from pathlib import Path

import pytest
from django.utils import timezone
from newsletter_helpers import SinkHandler, SMTPSink
from servers import SharedDatabase, masthead_env, until, worker

from masthead.newsletters.models import (
    Edition,
    EditionArticle,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)
from masthead.newsletters.sending import start_sending

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECIPIENTS = 2000
KILL_AT = 600


class KillingHandler(SinkHandler):
    """Receives like the sink, and kills the worker while holding message ``kill_at``."""

    def __init__(self, kill_at: int):
        super().__init__()
        self.kill_at = kill_at
        self.worker_pid: int | None = None
        self.received_at_kill: int | None = None

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.worker_pid and len(self.received) == self.kill_at:
            self.received_at_kill = len(self.received)
            os.kill(self.worker_pid, signal.SIGKILL)
            self.worker_pid = None
        return reply


def newsroom_with_readers(number: int) -> Edition:
    from masthead.news.authoring import add_article, add_section, ensure_news_site
    from masthead.newsletters.models import NewsletterList

    home = ensure_news_site("The Test Gazette", "testserver", 80)
    story = add_article(add_section(home, "Community"), "Library reopens", paragraphs=["Books."])
    daily = NewsletterList.objects.create(name="Daily headlines", slug="daily")
    readers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n:05d}@example.org") for n in range(number)]
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=r, newsletter=daily, status=SubscriptionStatus.ACTIVE, confirmed_at=now
            )
            for r in readers
        ]
    )
    edition = Edition.objects.create(newsletter=daily, subject="Exactly once")
    EditionArticle.objects.create(edition=edition, article=story)
    return edition


def worker_env(database: SharedDatabase, smtp_port: int, folder: Path) -> dict[str, str]:
    """Mail to the test's SMTP server; a short lease, so the second worker takes over soon."""
    return masthead_env(
        folder,
        DATABASE_URL=database.url,
        MASTHEAD_BASE_URL="http://testserver",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        NEWSLETTER_SEND_LEASE_SECONDS="3",
        NEWSLETTER_BATCH_SIZE="100",
        LOG_LEVEL="WARNING",
    )


def test_worker_killed_mid_send_resumes_and_mails_everyone_exactly_once(tmp_path):
    edition = newsroom_with_readers(RECIPIENTS)
    assert start_sending(edition.pk)  # queues the send for the worker
    database = SharedDatabase(tmp_path)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    handler = KillingHandler(kill_at=KILL_AT)
    with SMTPSink(handler) as sink:
        env = worker_env(database, sink.port, tmp_path)
        with worker(env, logs[0], "--publish-interval", "1") as first:
            handler.worker_pid = first.pid
            until(lambda: first.poll() is not None, 120, "the kill", logs)
        assert first.returncode == -signal.SIGKILL
        assert handler.received_at_kill == KILL_AT  # killed mid-send, not before or after
        assert len(handler.received) < RECIPIENTS

        with worker(env, logs[1], "--publish-interval", "1"):
            until(
                lambda: (
                    database.rows(
                        "SELECT status FROM newsletters_edition WHERE id = ?", (edition.pk,)
                    )
                    == [("sent",)]
                ),
                120,
                "the resumed send to finish",
                logs,
            )

        counts = handler.counts()
    expected = {f"reader{n:05d}@example.org" for n in range(RECIPIENTS)}
    assert set(counts) == expected
    duplicates = {address: n for address, n in counts.items() if n != 1}
    assert not duplicates, f"Mailed more than once: {duplicates}"
    assert database.rows(
        "SELECT status, COUNT(*) FROM newsletters_delivery WHERE edition_id = ? GROUP BY status",
        (edition.pk,),
    ) == [("sent", RECIPIENTS)]
