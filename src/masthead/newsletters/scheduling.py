"""Hand-made editions scheduled for later: the editor picks a time, the worker sends then."""

from datetime import datetime

from django.utils import timezone

from .models import Edition, EditionStatus
from .sending import start_sending


def schedule(edition: Edition, when: datetime) -> None:
    Edition.objects.filter(
        pk=edition.pk, status__in=[EditionStatus.DRAFT, EditionStatus.SCHEDULED]
    ).update(status=EditionStatus.SCHEDULED, send_at=when)


def unschedule(edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk, status=EditionStatus.SCHEDULED).update(
        status=EditionStatus.DRAFT, send_at=None
    )


def start_due_editions(now: datetime | None = None) -> list[int]:
    """Start every scheduled edition whose time has come."""
    now = now or timezone.now()
    due = Edition.objects.filter(status=EditionStatus.SCHEDULED, send_at__lte=now)
    return [pk for pk in due.values_list("pk", flat=True) if start_sending(pk)]
