"""WordPress dates, made into aware datetimes.

WordPress stores every date twice: in the site's local time (``post_date``) and
in UTC (``post_date_gmt``). The UTC one is right whatever the site's time zone
was, so it is used whenever it is set. Drafts have ``0000-00-00 00:00:00`` there;
for those the local date is read in the time zone the operator names
(``--timezone``), or else at the offset the export's own dated posts show, or
else as UTC, and the report says which.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

WORDPRESS_FORMAT = "%Y-%m-%d %H:%M:%S"
ZERO_DATE = "0000-00-00 00:00:00"


def parse_naive(value: str) -> datetime | None:
    """``2024-05-01 09:30:00`` as a naive datetime; ``None`` when empty, zero or invalid."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(value, WORDPRESS_FORMAT)
    except ValueError:
        return None


def parse_rfc2822(value: str) -> datetime | None:
    """The RSS ``pubDate`` (always written in UTC by WordPress) as an aware datetime."""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or parsed.year < 1971:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class LocalTime:
    """How to read a local WordPress date when its UTC twin is missing."""

    zone: tzinfo | None = None
    observed_offset: timedelta | None = None

    @classmethod
    def named(cls, name: str) -> "LocalTime":
        return cls(zone=ZoneInfo(name))

    def observe(self, local: str, gmt: str) -> None:
        """Learn the site's offset from a date that has both forms."""
        local_time, gmt_time = parse_naive(local), parse_naive(gmt)
        if local_time and gmt_time:
            offset = local_time - gmt_time
            # Real offsets are whole quarter hours between -12 and +14 hours.
            if abs(offset) <= timedelta(hours=14) and offset.total_seconds() % 900 == 0:
                self.observed_offset = offset

    def describe(self) -> str:
        if self.zone is not None:
            return f"read in {self.zone} (--timezone)"
        if self.observed_offset is not None:
            hours = self.observed_offset.total_seconds() / 3600
            return f"read at UTC{hours:+g}, the offset the export's dated posts show"
        return "read as UTC: the export does not say its time zone (use --timezone)"

    def localise(self, naive: datetime) -> datetime:
        if self.zone is not None:
            return naive.replace(tzinfo=self.zone).astimezone(UTC)
        if self.observed_offset is not None:
            return (naive - self.observed_offset).replace(tzinfo=UTC)
        return naive.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ResolvedDate:
    value: datetime | None
    source: str
    """``gmt``, ``local`` (read through :class:`LocalTime`), ``pubdate`` or ``none``."""


def resolve(gmt: str, local: str, local_time: LocalTime, pub_date: str = "") -> ResolvedDate:
    """The moment a WordPress date pair stands for, preferring the UTC field."""
    gmt_time = parse_naive(gmt)
    if gmt_time is not None:
        return ResolvedDate(gmt_time.replace(tzinfo=UTC), "gmt")
    local_naive = parse_naive(local)
    if local_naive is not None:
        return ResolvedDate(local_time.localise(local_naive), "local")
    from_rss = parse_rfc2822(pub_date) if pub_date else None
    if from_rss is not None:
        return ResolvedDate(from_rss.astimezone(UTC), "pubdate")
    return ResolvedDate(None, "none")


def is_invalid(value: str) -> bool:
    """Set, not WordPress's zero date, and yet not a date."""
    value = (value or "").strip()
    return bool(value) and not value.startswith("0000-00-00") and parse_naive(value) is None
