"""What readers do to their subscriptions, and what bounces do to them.

Each function is one transaction, so a failure halfway leaves nothing
half-written, and each writes a :class:`~.models.ConsentEvent`. Sign-up answers
the same way whatever the address's state: callers must not tell the reader
whether the address was already subscribed.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import mail
from .models import (
    ConsentAction,
    ConsentEvent,
    NewsletterList,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    SuppressionReason,
)

logger = logging.getLogger(__name__)

ACTIVE = SubscriptionStatus.ACTIVE
PENDING = SubscriptionStatus.PENDING
UNSUBSCRIBED = SubscriptionStatus.UNSUBSCRIBED


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the consent record."""

    ip_address: str | None = None
    source: str = ""
    # The edition the request was made in (empty with one language): the reader's mails' language.
    language: str = ""


def _subscriber_for(email: str) -> Subscriber:
    try:
        with transaction.atomic():
            return Subscriber.objects.get_or_create(email=email)[0]
    except IntegrityError:
        # Two sign-ups for one address at once: the other one created the row.
        return Subscriber.objects.get(email=email)


# Rate limiting of mails to one address ---------------------------------------


def _may_mail(subscriber: Subscriber, now) -> bool:
    """At most one notice per interval and a few a day, so sign-ups cannot flood an inbox."""
    interval = timedelta(seconds=getattr(settings, "NEWSLETTER_CONFIRMATION_INTERVAL", 600))
    daily_limit = getattr(settings, "NEWSLETTER_CONFIRMATIONS_PER_DAY", 5)
    if subscriber.last_mailed_at and now - subscriber.last_mailed_at < interval:
        return False
    window_open = subscriber.mail_window_started_at and (
        now - subscriber.mail_window_started_at < timedelta(days=1)
    )
    return not (window_open and subscriber.mails_in_window >= daily_limit)


def _note_mailed(subscriber: Subscriber, now) -> None:
    window_open = subscriber.mail_window_started_at and (
        now - subscriber.mail_window_started_at < timedelta(days=1)
    )
    if not window_open:
        subscriber.mail_window_started_at = now
        subscriber.mails_in_window = 0
    subscriber.mails_in_window += 1
    subscriber.last_mailed_at = now
    subscriber.save(update_fields=["last_mailed_at", "mail_window_started_at", "mails_in_window"])


def _claim_mail_slot(subscriber_pk: int) -> Subscriber | None:
    """Lock the row and take a mail slot, or None when the address was mailed too recently."""
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_pk)
        if not _may_mail(subscriber, now):
            return None
        _note_mailed(subscriber, now)
        return subscriber


def _send_safely(send, *args) -> None:
    """A mail server being down must not turn a sign-up into an error page."""
    try:
        send(*args)
    except Exception:
        logger.exception("Could not send a newsletter notice")


# Sign-up and confirmation ----------------------------------------------------


def _note_language(subscriber: Subscriber, language: str) -> None:
    """The edition the reader last signed up in is the one their mails are written in."""
    if language and subscriber.language != language:
        subscriber.language = language
        Subscriber.objects.filter(pk=subscriber.pk).update(language=language)


def request_subscription(
    email: str, name: str, newsletters: list[NewsletterList], origin: Origin
) -> None:
    """Record the request and mail a confirmation link (or, if nothing is new, the preferences).

    ``email`` and ``name`` must already be cleaned (see :mod:`.addresses`).
    """
    subscriber = _subscriber_for(email)
    _note_language(subscriber, origin.language)
    now = timezone.now()
    to_confirm = []
    with transaction.atomic():
        for newsletter in newsletters:
            subscription, created = Subscription.objects.get_or_create(
                subscriber=subscriber,
                newsletter=newsletter,
                defaults={"requested_at": now, "source": origin.source},
            )
            active = subscription.status == ACTIVE and not subscriber.is_suppressed
            if not active:
                to_confirm.append(newsletter)
                if not created:
                    subscription.requested_at = now
                    subscription.source = origin.source
                    if subscription.status == ACTIVE:  # suppressed: ask again
                        subscription.status = PENDING
                    subscription.save(update_fields=["requested_at", "source", "status"])
            ConsentEvent.objects.create(
                subscriber=subscriber,
                newsletter=newsletter,
                action=ConsentAction.REQUESTED,
                ip_address=origin.ip_address,
                source=origin.source[:500],
            )
    claimed = _claim_mail_slot(subscriber.pk)
    if claimed is None:
        logger.info("Sign-up for a recently mailed address: no new mail sent")
        return
    if to_confirm:
        _send_safely(mail.send_confirmation, claimed, to_confirm, name)
    else:
        _send_safely(mail.send_manage_link, claimed, True)


def send_fresh_link(email: str) -> None:
    """For a reader whose link was broken or old: a new confirmation or preferences link.

    Unknown addresses get nothing, and the caller answers the same either way.
    """
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None or not subscriber.subscriptions.exists():
        return
    pending = [
        s.newsletter
        for s in subscriber.subscriptions.filter(status=PENDING).select_related("newsletter")
    ]
    claimed = _claim_mail_slot(subscriber.pk)
    if claimed is None:
        return
    if pending:
        _send_safely(mail.send_confirmation, claimed, pending, "")
    else:
        _send_safely(mail.send_manage_link, claimed, False)


@transaction.atomic
def confirm(subscriber: Subscriber, list_ids: tuple[int, ...], name: str, origin: Origin) -> list:
    """Make the confirmed lists active and lift any suppression: the reader opted in again."""
    now = timezone.now()
    confirmed = []
    subscriptions = Subscription.objects.select_for_update().filter(
        subscriber=subscriber, newsletter_id__in=list_ids
    )
    for subscription in subscriptions.select_related("newsletter"):
        if subscription.status != ACTIVE or subscriber.is_suppressed:
            subscription.status = ACTIVE
            subscription.confirmed_at = now
            subscription.unsubscribed_at = None
            subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
            ConsentEvent.objects.create(
                subscriber=subscriber,
                newsletter=subscription.newsletter,
                action=ConsentAction.CONFIRMED,
                ip_address=origin.ip_address,
                source=(subscription.source or origin.source)[:500],
            )
        confirmed.append(subscription.newsletter)
    if confirmed:
        fields = []
        if subscriber.is_suppressed:
            subscriber.suppressed_at = None
            subscriber.suppression_reason = ""
            fields += ["suppressed_at", "suppression_reason"]
        if name and name != subscriber.name:
            subscriber.name = name
            fields.append("name")
        if fields:
            subscriber.save(update_fields=fields)
    return confirmed


# Preferences and unsubscribing -------------------------------------------------


@transaction.atomic
def set_lists(subscriber: Subscriber, wanted: list[NewsletterList], origin: Origin) -> None:
    """The preference centre: the signed link proves the mailbox, so changes apply at once."""
    now = timezone.now()
    wanted_ids = {newsletter.pk for newsletter in wanted}
    current = {
        s.newsletter_id: s
        for s in Subscription.objects.select_for_update().filter(subscriber=subscriber)
    }
    for newsletter in wanted:
        subscription = current.get(newsletter.pk)
        if subscription and subscription.status == ACTIVE and not subscriber.is_suppressed:
            continue
        if subscription is None:
            subscription = Subscription(subscriber=subscriber, newsletter=newsletter)
        subscription.status = ACTIVE
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.source = origin.source[:500]
        subscription.save()
        ConsentEvent.objects.create(
            subscriber=subscriber,
            newsletter=newsletter,
            action=ConsentAction.CHANGED,
            ip_address=origin.ip_address,
            source=origin.source[:500],
        )
    for list_id, subscription in current.items():
        if list_id not in wanted_ids and subscription.status != UNSUBSCRIBED:
            _unsubscribe_one(subscription, origin, None, now)
    if wanted_ids and subscriber.is_suppressed:
        subscriber.suppressed_at = None
        subscriber.suppression_reason = ""
        subscriber.save(update_fields=["suppressed_at", "suppression_reason"])


def _unsubscribe_one(subscription: Subscription, origin: Origin, edition_id, now) -> None:
    subscription.status = UNSUBSCRIBED
    subscription.unsubscribed_at = now
    subscription.save(update_fields=["status", "unsubscribed_at"])
    ConsentEvent.objects.create(
        subscriber_id=subscription.subscriber_id,
        newsletter_id=subscription.newsletter_id,
        edition_id=edition_id,
        action=ConsentAction.UNSUBSCRIBED,
        ip_address=origin.ip_address,
        source=origin.source[:500],
    )


@transaction.atomic
def unsubscribe(
    subscriber: Subscriber, list_id: int | None, origin: Origin, edition_id: int | None = None
) -> None:
    """Leave one list, or (``list_id`` None) every list, which also suppresses the address."""
    now = timezone.now()
    subscriptions = Subscription.objects.select_for_update().filter(subscriber=subscriber)
    if list_id is not None:
        subscriptions = subscriptions.filter(newsletter_id=list_id)
    for subscription in subscriptions.exclude(status=UNSUBSCRIBED):
        _unsubscribe_one(subscription, origin, edition_id, now)
    if list_id is None:
        suppress(subscriber, SuppressionReason.UNSUBSCRIBED, origin.source, edition_id)


@transaction.atomic
def suppress(
    subscriber: Subscriber, reason: str, source: str = "", edition_id: int | None = None
) -> None:
    """Nothing more goes to this address until the reader opts in again."""
    if subscriber.suppressed_at is None:
        subscriber.suppressed_at = timezone.now()
        subscriber.suppression_reason = reason
        subscriber.save(update_fields=["suppressed_at", "suppression_reason"])
    ConsentEvent.objects.create(
        subscriber=subscriber,
        edition_id=edition_id,
        action=ConsentAction.SUPPRESSED,
        source=f"{reason}: {source}"[:500],
    )
