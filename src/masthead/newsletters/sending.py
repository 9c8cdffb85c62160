"""Sending an edition: freeze it, list its recipients, deliver in batches, resumably.

1. :func:`start_sending` renders the edition once, marks it "sending" and queues
   :func:`~.tasks.deliver_edition` for the background worker.
2. :func:`deliver` takes the edition's *lease* (one sender at a time), creates
   one :class:`~.models.Delivery` per active subscriber (idempotently: a unique
   constraint, so doing it twice changes nothing), then walks the pending ones
   in id order, in batches, at the configured rate, renewing the lease after each
   batch. Each delivery is marked sent as it goes (see :mod:`.transports`).
3. A worker that dies stops renewing its lease. The periodic job
   :func:`resume_stalled_sends` queues the edition again once the lease is stale,
   and the new run carries on with the deliveries still pending. Nobody is
   mailed twice, because every sent delivery is already recorded as such.
"""

import logging
import secrets
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .mail import EditionMailer
from .models import (
    Delivery,
    DeliveryStatus,
    Edition,
    EditionStatus,
    Subscription,
    SubscriptionStatus,
)
from .rendering import render_edition
from .transports import Outcome, RecipientRefused, open_transport

logger = logging.getLogger(__name__)

PREPARE_CHUNK = 2000


def lease_duration() -> timedelta:
    return timedelta(seconds=getattr(settings, "NEWSLETTER_SEND_LEASE_SECONDS", 120))


def batch_size() -> int:
    return max(1, int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)))


def send_rate() -> float:
    """Messages per second; 0 means as fast as the mail server takes them."""
    return max(0.0, float(getattr(settings, "NEWSLETTER_SEND_RATE", 0)))


@dataclass
class SendReport:
    edition_id: int
    ran: bool = False
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    finished: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


# Starting --------------------------------------------------------------------


def start_sending(edition_id: int) -> bool:
    """Freeze the edition's content, mark it sending and queue it. False if it already went."""
    edition = Edition.objects.select_related("newsletter").get(pk=edition_id)
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.SCHEDULED):
        return False
    rendered = render_edition(edition)
    now = timezone.now()
    with transaction.atomic():
        started = Edition.objects.filter(
            pk=edition_id, status__in=[EditionStatus.DRAFT, EditionStatus.SCHEDULED]
        ).update(
            status=EditionStatus.SENDING,
            html_body=rendered.html,
            text_body=rendered.text,
            started_at=now,
            send_at=edition.send_at or now,
            heartbeat_at=None,
            lease_owner="",
        )
        if started:
            transaction.on_commit(partial(queue_delivery, edition_id))
    return bool(started)


def queue_delivery(edition_id: int) -> None:
    from .tasks import deliver_edition

    deliver_edition.enqueue(edition_id)


def resume_stalled_sends(now=None) -> list[int]:
    """Queue again every edition whose sender stopped renewing its lease (killed, crashed)."""
    now = now or timezone.now()
    stale = now - lease_duration()
    stalled = list(
        Edition.objects.filter(status=EditionStatus.SENDING)
        .filter(Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale))
        .values_list("pk", flat=True)
    )
    for edition_id in stalled:
        # Unowned, with a fresh heartbeat: any worker may take it, and the next
        # rounds of this job leave it alone while it waits in the queue.
        Edition.objects.filter(pk=edition_id, status=EditionStatus.SENDING).update(
            heartbeat_at=now, lease_owner=""
        )
        logger.warning("Resuming the interrupted send of edition %s", edition_id)
        queue_delivery(edition_id)
    return stalled


# The lease -------------------------------------------------------------------


def take_lease(edition_id: int, owner: str) -> bool:
    now = timezone.now()
    free = (
        Q(lease_owner="")
        | Q(heartbeat_at__isnull=True)
        | Q(heartbeat_at__lt=now - lease_duration())
    )
    return bool(
        Edition.objects.filter(pk=edition_id, status=EditionStatus.SENDING)
        .filter(free | Q(lease_owner=owner))
        .update(lease_owner=owner, heartbeat_at=now)
    )


def renew_lease(edition_id: int, owner: str) -> bool:
    return bool(
        Edition.objects.filter(
            pk=edition_id, status=EditionStatus.SENDING, lease_owner=owner
        ).update(heartbeat_at=timezone.now())
    )


def release_lease(edition_id: int, owner: str) -> None:
    Edition.objects.filter(pk=edition_id, lease_owner=owner).update(
        lease_owner="", heartbeat_at=None
    )


# Recipients ------------------------------------------------------------------


def prepare_recipients(edition: Edition) -> int:
    """One pending delivery per active, unsuppressed subscriber; safe to repeat after a crash."""
    active = Subscription.objects.filter(
        newsletter_id=edition.newsletter_id,
        status=SubscriptionStatus.ACTIVE,
        subscriber__suppressed_at__isnull=True,
    ).order_by("subscriber_id")
    last = 0
    while True:
        chunk = list(
            active.filter(subscriber_id__gt=last).values_list("subscriber_id", flat=True)[
                :PREPARE_CHUNK
            ]
        )
        if not chunk:
            break
        Delivery.objects.bulk_create(
            [Delivery(edition_id=edition.pk, subscriber_id=pk) for pk in chunk],
            ignore_conflicts=True,
        )
        last = chunk[-1]
    Edition.objects.filter(pk=edition.pk).update(recipients_ready=True)
    return Delivery.objects.filter(edition_id=edition.pk).count()


def _pending_batch(edition: Edition, after_id: int, size: int) -> list[tuple]:
    still_subscribed = Subscription.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        newsletter_id=edition.newsletter_id,
        status=SubscriptionStatus.ACTIVE,
    )
    return list(
        Delivery.objects.filter(
            edition_id=edition.pk, status=DeliveryStatus.PENDING, id__gt=after_id
        )
        .annotate(subscribed=Exists(still_subscribed))
        .order_by("id")
        .values_list(
            "id",
            "subscriber__key",
            "subscriber__email",
            "subscriber__name",
            "subscriber__language",
            "subscriber__suppressed_at",
            "subscribed",
        )[:size]
    )


def _mark(delivery_id: int, **fields) -> bool:
    """Record a delivery's outcome; in autocommit mode the UPDATE is committed on return."""
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(**fields)
    )


def _mark_sent(delivery_id: int, provider_id: str) -> bool:
    return _mark(
        delivery_id,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        provider_message_id=provider_id,
    )


def _mark_failed_after_sent(delivery_id: int, error: str) -> None:
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.FAILED, error=error[:300])


class Pacer:
    """Keeps sending at or under ``rate`` messages per second."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


# Delivering ------------------------------------------------------------------


def deliver(edition_id: int, owner: str | None = None) -> SendReport:
    """Send the edition's pending deliveries; returns when done, or when the lease is lost."""
    owner = owner or secrets.token_hex(8)
    report = SendReport(edition_id)
    if not take_lease(edition_id, owner):
        return report
    report.ran = True
    try:
        edition = Edition.objects.select_related("newsletter").get(pk=edition_id)
        if not edition.recipients_ready:
            prepare_recipients(edition)
        _send_pending(edition, owner, report)
    finally:
        if not report.finished:
            release_lease(edition_id, owner)
    return report


def _send_pending(edition: Edition, owner: str, report: SendReport) -> None:
    mailer = EditionMailer(edition)
    pacer = Pacer(send_rate())
    size = batch_size()
    transport = open_transport()
    transport.open()
    try:
        after_id = 0
        while renew_lease(edition.pk, owner):
            batch = _pending_batch(edition, after_id, size)
            if not batch:
                _finish(edition, owner, report)
                return
            for delivery_id, key, email, name, language, suppressed_at, subscribed in batch:
                after_id = delivery_id
                if suppressed_at is not None or not subscribed:
                    if _mark(delivery_id, status=DeliveryStatus.SKIPPED):
                        report.skipped += 1
                    continue
                pacer.wait()
                mail = mailer.mail_for(delivery_id, key, email, name, language)
                _send_one(transport, report, delivery_id, mail)
    finally:
        transport.close()


def _send_one(transport, report, delivery_id, mail) -> None:
    recorded = False

    def commit(provider_id: str) -> bool:
        nonlocal recorded
        recorded = _mark_sent(delivery_id, provider_id)
        return recorded

    try:
        outcome, _ = transport.send(mail, commit)
    except RecipientRefused as refusal:
        if recorded:
            _mark_failed_after_sent(delivery_id, str(refusal))
        else:
            _mark(delivery_id, status=DeliveryStatus.FAILED, error=str(refusal)[:300])
        report.failed += 1
        logger.info("Delivery %s refused: %s", delivery_id, refusal)
        return
    if outcome == Outcome.SENT:
        report.sent += 1


def _finish(edition: Edition, owner: str, report: SendReport) -> None:
    if Delivery.objects.filter(edition_id=edition.pk, status=DeliveryStatus.PENDING).exists():
        return
    report.finished = bool(
        Edition.objects.filter(pk=edition.pk, lease_owner=owner).update(
            status=EditionStatus.SENT,
            finished_at=timezone.now(),
            lease_owner="",
            heartbeat_at=None,
        )
    )
