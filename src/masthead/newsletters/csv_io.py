"""Subscribers in and out as CSV: import with a consent source, export per list.

Import reports every bad row (line number, what was wrong) and imports the good
ones; it never resubscribes a suppressed address, since only the reader can
undo an unsubscribe, a bounce or a complaint. Export streams, so a list of any
size costs the same memory, and defuses cells a spreadsheet would run as a
formula.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .addresses import clean_email, clean_name
from .models import (
    ConsentAction,
    ConsentEvent,
    NewsletterList,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)

MAX_IMPORT_BYTES = 10 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport:
    imported: int = 0
    already_subscribed: int = 0
    suppressed: int = 0
    duplicates: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, value, message

    @property
    def rows_read(self) -> int:
        return (
            self.imported
            + self.already_subscribed
            + self.suppressed
            + self.duplicates
            + len(self.problems)
        )


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong encoding, no e-mail column)."""


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("The file is larger than 10 MB; split it into smaller files.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The file is not text in UTF-8; save it as “CSV UTF-8” and try again.")


def _rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    headers = {(name or "").strip().lower(): name for name in (reader.fieldnames or [])}
    email_column = headers.get("email") or headers.get("e-mail") or headers.get("email address")
    if email_column is None:
        raise ImportFileError("The first row must name the columns, with one called “email”.")
    name_column = headers.get("name")
    for row in reader:
        yield (
            reader.line_num,
            {
                "email": row.get(email_column) or "",
                "name": (row.get(name_column) or "") if name_column else "",
            },
        )


def import_subscribers(
    text: str, newsletters: list[NewsletterList], consent_source: str
) -> ImportReport:
    """Subscribe every valid row to ``newsletters``, recording ``consent_source`` as consent."""
    report = ImportReport()
    seen: set[str] = set()
    now = timezone.now()
    source = f"Import: {consent_source}"[:500]
    with transaction.atomic():
        for line, row in _rows(text):
            try:
                email = clean_email(row["email"])
                name = clean_name(row["name"])
            except ValidationError as error:
                report.problems.append((line, row["email"][:100], " ".join(error.messages)))
                continue
            if email in seen:
                report.duplicates += 1
                continue
            seen.add(email)
            subscriber, created = Subscriber.objects.get_or_create(
                email=email, defaults={"name": name}
            )
            if subscriber.is_suppressed:
                report.suppressed += 1
                continue
            if _import_one(subscriber, newsletters, now, source):
                report.imported += 1
            else:
                report.already_subscribed += 1
    return report


def _import_one(subscriber: Subscriber, newsletters, now, source: str) -> bool:
    added = False
    for newsletter in newsletters:
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=newsletter, defaults={"requested_at": now}
        )
        if subscription.status == SubscriptionStatus.ACTIVE:
            continue
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            # The reader left this list; an old spreadsheet must not put them back.
            continue
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.confirmed_at = now
        subscription.source = source
        subscription.save(update_fields=["status", "confirmed_at", "source"])
        ConsentEvent.objects.create(
            subscriber=subscriber,
            newsletter=newsletter,
            action=ConsentAction.IMPORTED,
            source=source,
        )
        added = True
    return added


# Export --------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "email",
    "name",
    "status",
    "requested_at",
    "confirmed_at",
    "unsubscribed_at",
    "consent_source",
    "consent_ip",
    "suppressed",
]


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(newsletter: NewsletterList, chunk: int = 2000) -> Iterator[str]:
    """CSV lines for every subscription to ``newsletter``, fetched a chunk at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    consent_ip = ConsentEvent.objects.filter(
        subscriber_id=OuterRef("subscriber_id"),
        newsletter_id=OuterRef("newsletter_id"),
        action__in=[ConsentAction.CONFIRMED, ConsentAction.IMPORTED, ConsentAction.CHANGED],
    ).order_by("-at")
    subscriptions = (
        Subscription.objects.filter(newsletter=newsletter)
        .annotate(consent_ip=Subquery(consent_ip.values("ip_address")[:1]))
        .order_by("pk")
        .values_list(
            "pk",
            "subscriber__email",
            "subscriber__name",
            "status",
            "requested_at",
            "confirmed_at",
            "unsubscribed_at",
            "source",
            "consent_ip",
            "subscriber__suppression_reason",
        )
    )
    last = 0
    while True:
        rows = list(subscriptions.filter(pk__gt=last)[:chunk])
        if not rows:
            return
        for pk, *values in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in values])
            last = pk
