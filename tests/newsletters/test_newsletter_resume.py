"""Kill the worker mid-send, start it again: every reader gets the edition exactly once.

The worker is the real thing (``python -m masthead worker``) in a subprocess,
sending through Django's SMTP backend to an aiosmtpd server run by this test.
It must see the rows this test writes, so the test commits them
(``transaction=True``) and hands the worker the same database:

* on PostgreSQL, the test database itself (its name and credentials);
* on SQLite, pytest-django's test database lives in this process's memory,
  so it is copied, committed rows and all, into a file with SQLite's backup API
  and the worker runs on that file. Results are read back from that file.

The kill is ``SIGKILL`` (no clean-up possible), sent from inside the SMTP
server while it holds the N-th message and before it answers: the moment the
server has the mail but the worker has not heard back, where a sender that
records deliveries after the server's reply would send that mail twice.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from newsletter_helpers import SinkHandler, SMTPSink

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
REPO = Path(__file__).resolve().parents[2]


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


class WorkerDatabase:
    """The database the worker subprocess uses, and a way to read it back."""

    def __init__(self, folder: Path):
        self.vendor = connection.vendor
        self.path = folder / "worker.sqlite3"
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()


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


def start_worker(database: WorkerDatabase, smtp_port: int, folder: Path, log_name: str):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "EMAIL_", "NEWSLETTER_", "DJANGO_SETTINGS"))
    }
    env.update(
        DATABASE_URL=database.url,
        MASTHEAD_VAR_DIR=str(folder),
        MASTHEAD_BASE_URL="http://testserver",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        NEWSLETTER_SEND_LEASE_SECONDS="3",
        NEWSLETTER_BATCH_SIZE="100",
        LOG_LEVEL="WARNING",
    )
    log = (folder / log_name).open("w")
    command = [sys.executable, "-m", "masthead", "worker", "--publish-interval", "1"]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float, what: str, logs: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    output = "\n".join(p.read_text()[-3000:] for p in sorted(logs.glob("worker-*.log")))
    raise AssertionError(f"Timed out waiting for {what}. Worker output:\n{output}")


def test_worker_killed_mid_send_resumes_and_mails_everyone_exactly_once(tmp_path):
    edition = newsroom_with_readers(RECIPIENTS)
    assert start_sending(edition.pk)  # queues the send for the worker
    database = WorkerDatabase(tmp_path)

    handler = KillingHandler(kill_at=KILL_AT)
    with SMTPSink(handler) as sink:
        first = start_worker(database, sink.port, tmp_path, "worker-1.log")
        handler.worker_pid = first.pid
        try:
            wait_for(lambda: first.poll() is not None, 120, "the kill", tmp_path)
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
        assert first.returncode == -signal.SIGKILL
        assert handler.received_at_kill == KILL_AT  # killed mid-send, not before or after
        assert len(handler.received) < RECIPIENTS

        second = start_worker(database, sink.port, tmp_path, "worker-2.log")
        try:
            wait_for(
                lambda: (
                    database.rows(
                        "SELECT status FROM newsletters_edition WHERE id = ?", (edition.pk,)
                    )
                    == [("sent",)]
                ),
                timeout=120,
                what="the resumed send to finish",
                logs=tmp_path,
            )
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(timeout=20)
            except subprocess.TimeoutExpired:
                second.kill()

        counts = handler.counts()
    expected = {f"reader{n:05d}@example.org" for n in range(RECIPIENTS)}
    assert set(counts) == expected
    duplicates = {address: n for address, n in counts.items() if n != 1}
    assert not duplicates, f"Mailed more than once: {duplicates}"
    assert database.rows(
        "SELECT status, COUNT(*) FROM newsletters_delivery WHERE edition_id = ? GROUP BY status",
        (edition.pk,),
    ) == [("sent", RECIPIENTS)]
