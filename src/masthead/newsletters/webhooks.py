"""Bounces and complaints from the e-mail provider, through django-anymail's webhooks.

Anymail receives each provider's webhook, checks it (HTTP basic auth with
``ANYMAIL["WEBHOOK_SECRET"]``, plus the provider's own signature where it has
one, such as Mailgun's or Postmark's) and turns it into a tracking signal. A
bounce, a spam complaint or a provider-side unsubscribe suppresses the address
and is counted against the edition that caused it.

Masthead serves the webhook URLs only when a webhook secret is set: an
unauthenticated endpoint would let anyone unsubscribe anyone.
"""

import logging
import re
from functools import wraps

from anymail.signals import EventType
from django.conf import settings
from django.http import HttpResponseForbidden
from django.urls import URLPattern
from django.utils import timezone

from .addresses import normalize_email
from .models import Delivery, Subscriber, SuppressionReason
from .subscriptions import suppress

logger = logging.getLogger(__name__)

REASONS = {
    EventType.BOUNCED: SuppressionReason.BOUNCED,
    EventType.REJECTED: SuppressionReason.BOUNCED,
    EventType.COMPLAINED: SuppressionReason.COMPLAINED,
    EventType.UNSUBSCRIBED: SuppressionReason.UNSUBSCRIBED,
}


def webhooks_configured() -> bool:
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


def require_webhook_secret(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not webhooks_configured():
            return HttpResponseForbidden("Webhooks are off: set ANYMAIL_WEBHOOK_SECRET.")
        return view(request, *args, **kwargs)

    return guarded


def tracking_urlpatterns() -> list[URLPattern]:
    """Anymail's tracking webhook URLs (``<provider>/tracking/``), guarded as above."""
    from anymail.urls import urlpatterns

    guarded = []
    for pattern in urlpatterns:
        if pattern.name and pattern.name.endswith("_tracking_webhook"):
            guarded.append(
                URLPattern(
                    pattern.pattern,
                    require_webhook_secret(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
    return guarded


OUR_MESSAGE_ID = re.compile(r"<?edition-([0-9]{1,18})\.delivery-([0-9]{1,18})@")


def _delivery_for(event, subscriber: Subscriber) -> Delivery | None:
    """The delivery the event is about: by our Message-ID, the provider's id, or the latest."""
    deliveries = Delivery.objects.filter(subscriber=subscriber)
    ours = OUR_MESSAGE_ID.match(str(event.message_id or ""))
    if ours:
        match = deliveries.filter(pk=int(ours.group(2)), edition_id=int(ours.group(1))).first()
        if match is not None:
            return match
    if event.message_id:
        match = deliveries.filter(provider_message_id=str(event.message_id)[:255]).first()
        if match is not None:
            return match
    return deliveries.exclude(sent_at=None).order_by("-sent_at").first()


def handle_tracking(sender, event, esp_name, **kwargs) -> None:
    """Suppress the address of a bounce, complaint or provider unsubscribe."""
    reason = REASONS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    subscriber = Subscriber.objects.filter(email=normalize_email(event.recipient)).first()
    if subscriber is None:
        return
    delivery = _delivery_for(event, subscriber)
    now = timezone.now()
    if delivery is not None:
        if reason == SuppressionReason.COMPLAINED:
            Delivery.objects.filter(pk=delivery.pk).update(complained_at=now)
        elif reason == SuppressionReason.BOUNCED:
            Delivery.objects.filter(pk=delivery.pk).update(bounced_at=now)
    suppress(
        subscriber,
        reason,
        source=f"{esp_name} webhook",
        edition_id=delivery.edition_id if delivery else None,
    )
    logger.info("Suppressed a subscriber after a %s event from %s", event.event_type, esp_name)
