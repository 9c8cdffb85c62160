"""Automatic editions: daily and weekly digests, and breaking-news alerts.

A digest covers the stories first published since the previous digest of its
list (or, for the first one, in the period before it), at the list's hour in the
newsroom's time zone. Each slot and each alerted story gets an ``automatic_key``
that is unique per list, so a job that runs twice, or two workers at once,
make one edition, never two.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from masthead.core.editions import is_multilingual
from masthead.news.models import ArticlePage

from .languages import for_list
from .models import (
    Cadence,
    Edition,
    EditionArticle,
    EditionKind,
    NewsletterList,
    SubscriptionStatus,
)
from .sending import start_sending

logger = logging.getLogger(__name__)

PERIODS = {Cadence.DAILY: timedelta(days=1), Cadence.WEEKLY: timedelta(days=7)}


def max_stories() -> int:
    return int(getattr(settings, "NEWSLETTER_DIGEST_MAX_STORIES", 20))


def breaking_window() -> timedelta:
    """A story republished long after it first went live is not breaking news."""
    return timedelta(hours=int(getattr(settings, "NEWSLETTER_BREAKING_WINDOW_HOURS", 6)))


def latest_slot(newsletter: NewsletterList, now: datetime) -> datetime | None:
    """The most recent time this list's digest was due, at or before ``now``."""
    if newsletter.cadence not in PERIODS:
        return None
    local_now = timezone.localtime(now)
    day = local_now.date()
    if newsletter.cadence == Cadence.WEEKLY:
        day -= timedelta(days=(day.weekday() - newsletter.send_weekday) % 7)
    slot = timezone.make_aware(datetime.combine(day, time(newsletter.send_hour)))
    if slot > now:
        slot = timezone.make_aware(
            datetime.combine(day - PERIODS[newsletter.cadence], time(newsletter.send_hour))
        )
    return slot


def in_list_edition(newsletter: NewsletterList, relation: str = "") -> Q:
    """The stories of the list's edition; every edition's for a list of every language.

    An empty ``Q`` with one language, or for a list without a language, so
    those digests are what they were.
    """
    if not is_multilingual() or not newsletter.language:
        return Q()
    return Q(**{f"{relation}locale__language_code": newsletter.language})


def has_subscribers(newsletter: NewsletterList) -> bool:
    return newsletter.subscriptions.filter(
        status=SubscriptionStatus.ACTIVE, subscriber__suppressed_at__isnull=True
    ).exists()


def stories_for(newsletter: NewsletterList, since: datetime | None, until: datetime) -> list:
    articles = ArticlePage.objects.live().filter(first_published_at__lt=until)
    if since is not None:
        articles = articles.filter(first_published_at__gte=since)
    if newsletter.only_tag:
        articles = articles.filter(tags__name__iexact=newsletter.only_tag)
    articles = articles.filter(in_list_edition(newsletter))
    return list(articles.order_by("-first_published_at", "-pk").distinct()[: max_stories()])


def _create_edition(newsletter, key: str, kind: str, subject: str, articles, **fields):
    """The automatic edition for ``key``, or None if it exists already."""
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                newsletter=newsletter,
                automatic_key=key,
                kind=kind,
                subject=subject[:150],
                **fields,
            )
            EditionArticle.objects.bulk_create(
                [
                    EditionArticle(edition=edition, article=article, sort_order=position)
                    for position, article in enumerate(articles)
                ]
            )
    except IntegrityError:
        return None
    return edition


def previous_digest_end(newsletter: NewsletterList) -> datetime | None:
    return (
        Edition.objects.filter(newsletter=newsletter, kind=EditionKind.DIGEST)
        .exclude(covers_until=None)
        .order_by("-covers_until")
        .values_list("covers_until", flat=True)
        .first()
    )


def compose_digest(newsletter: NewsletterList, until: datetime, key: str | None):
    """A digest edition of the stories since the previous digest; None if there are none."""
    since = previous_digest_end(newsletter)
    if since is None and newsletter.cadence in PERIODS:
        since = until - PERIODS[newsletter.cadence]
    stories = stories_for(newsletter, since, until)
    if not stories:
        return None
    local = timezone.localtime(until)
    with for_list(newsletter):  # the day and month in the list's language
        day = date_format(local, "l j F")
    subject = f"{newsletter.name} · {day}: {stories[0].title}"
    return _create_edition(
        newsletter, key, EditionKind.DIGEST, subject, stories, covers_until=until
    )


def make_due_digests(now: datetime | None = None) -> list[int]:
    """Create and start every digest whose hour has come and that has stories to send."""
    now = now or timezone.now()
    started = []
    for newsletter in NewsletterList.objects.filter(cadence__in=list(PERIODS)):
        slot = latest_slot(newsletter, now)
        if slot is None or slot < newsletter.created_at:
            continue
        key = f"digest-{timezone.localtime(slot):%Y-%m-%d}"
        if Edition.objects.filter(newsletter=newsletter, automatic_key=key).exists():
            continue
        if not has_subscribers(newsletter):
            continue
        edition = compose_digest(newsletter, slot, key)
        if edition is not None and start_sending(edition.pk):
            started.append(edition.pk)
    return started


def send_breaking_news(article_id: int) -> list[int]:
    """One alert per "immediate" list whose filter the story matches, at most once per story."""
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None or article.first_published_at is None:
        return []
    if article.first_published_at < timezone.now() - breaking_window():
        return []
    tag_names = {name.lower() for name in article.tags.values_list("name", flat=True)}
    started = []
    for newsletter in NewsletterList.objects.filter(cadence=Cadence.IMMEDIATE):
        if newsletter.only_tag and newsletter.only_tag.lower() not in tag_names:
            continue
        if not ArticlePage.objects.filter(in_list_edition(newsletter), pk=article.pk).exists():
            continue  # another edition's list
        if newsletter.created_at > article.first_published_at or not has_subscribers(newsletter):
            continue
        edition = _create_edition(
            newsletter, f"article-{article.pk}", EditionKind.BREAKING, article.title, [article]
        )
        if edition is not None and start_sending(edition.pk):
            started.append(edition.pk)
    return started
