"""Automatic editions: daily digests at their hour, breaking news the moment a story goes live."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from masthead.core.scheduling import run_periodic_jobs
from masthead.news.authoring import add_article
from masthead.newsletters import digests
from masthead.newsletters.jobs import send_due_newsletters
from masthead.newsletters.models import (
    Cadence,
    Edition,
    EditionKind,
    EditionStatus,
    NewsletterList,
    Subscriber,
    Subscription,
    Weekday,
)
from masthead.newsletters.sending import deliver

pytestmark = pytest.mark.django_db


def reader(email, *lists):
    subscriber = Subscriber.objects.create(email=email)
    for newsletter in lists:
        Subscription.objects.create(
            subscriber=subscriber,
            newsletter=newsletter,
            status="active",
            confirmed_at=timezone.now(),
        )
    return subscriber


def at(day: str, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=hour, minute=minute))


def test_digest_slots_follow_the_lists_hour_and_weekday(db):
    daily = NewsletterList(cadence=Cadence.DAILY, send_hour=7)
    assert digests.latest_slot(daily, at("2025-06-05", 7, 30)) == at("2025-06-05", 7)
    assert digests.latest_slot(daily, at("2025-06-05", 6, 59)) == at("2025-06-04", 7)
    weekly = NewsletterList(cadence=Cadence.WEEKLY, send_hour=8, send_weekday=Weekday.THURSDAY)
    assert digests.latest_slot(weekly, at("2025-06-05", 9)) == at("2025-06-05", 8)  # Thursday
    assert digests.latest_slot(weekly, at("2025-06-04", 9)) == at("2025-05-29", 8)  # Wednesday
    assert digests.latest_slot(NewsletterList(cadence=Cadence.MANUAL), at("2025-06-05", 9)) is None


def test_daily_digest_goes_out_once_with_the_days_new_stories(smtp, section, daily):
    daily.created_at = at("2025-06-01", 0)
    daily.save()
    reader("one@example.org", daily)
    add_article(section, "Old news", paragraphs=["Old."], published_at=at("2025-06-03", 9))
    add_article(section, "Council votes", paragraphs=["Yes."], published_at=at("2025-06-04", 15))
    add_article(section, "Too late today", paragraphs=["Later."], published_at=at("2025-06-05", 8))

    with mock.patch("django.utils.timezone.now", return_value=at("2025-06-05", 7, 1)):
        started = digests.make_due_digests()
        assert len(started) == 1
        assert digests.make_due_digests() == []  # the same slot never makes a second edition
    edition = Edition.objects.get()
    assert edition.kind == EditionKind.DIGEST
    assert [item.article.title for item in edition.items.all()] == ["Council votes"]
    assert "Council votes" in edition.subject

    deliver(edition.pk)
    [mail] = smtp.received
    assert "Council votes" in mail.part("plain") and "Old news" not in mail.part("plain")


def test_no_digest_without_new_stories_or_subscribers(section, daily):
    daily.created_at = at("2025-06-01", 0)
    daily.save()
    with mock.patch("django.utils.timezone.now", return_value=at("2025-06-05", 7, 1)):
        add_article(
            section, "Council votes", paragraphs=["Yes."], published_at=at("2025-06-04", 15)
        )
        assert digests.make_due_digests() == []  # nobody to send it to
        reader("one@example.org", daily)
        add_article(section, "Late", paragraphs=["x"], published_at=at("2025-06-05", 7, 30))
    with mock.patch("django.utils.timezone.now", return_value=at("2025-06-06", 7, 1)):
        NewsletterList.objects.filter(pk=daily.pk).update(only_tag="Weather")
        assert digests.make_due_digests() == []  # nothing matches the list's tag


def test_publishing_a_breaking_story_alerts_the_breaking_list_at_once(
    smtp, section, breaking, daily, django_capture_on_commit_callbacks
):
    reader("alert@example.org", breaking)
    reader("digest-only@example.org", daily)
    with django_capture_on_commit_callbacks(execute=True):
        ordinary = add_article(section, "Bake sale", paragraphs=["Cakes."])
    with django_capture_on_commit_callbacks(execute=True):
        storm = add_article(section, "Storm closes bridge", paragraphs=["Wind."], tags=["Breaking"])
    queued = DBTaskResult.objects.filter(task_path="masthead.newsletters.tasks.send_breaking_news")
    assert sorted(task.args_kwargs["args"][0] for task in queued) == [ordinary.pk, storm.pk]

    # The worker runs the queued alerts: only the tagged story matches the list.
    assert digests.send_breaking_news(ordinary.pk) == []
    [edition_id] = digests.send_breaking_news(storm.pk)
    assert digests.send_breaking_news(storm.pk) == []  # republishing alerts nobody twice
    deliver(edition_id)
    [mail] = smtp.received
    assert mail.recipients == ["alert@example.org"]
    assert mail.message["Subject"] == "Storm closes bridge"
    assert Edition.objects.get().status == EditionStatus.SENT


def test_an_old_story_republished_is_not_breaking_news(section, breaking):
    reader("alert@example.org", breaking)
    breaking.created_at = timezone.now() - timedelta(days=30)
    breaking.save()
    old = add_article(
        section,
        "Archive",
        paragraphs=["x"],
        tags=["Breaking"],
        published_at=timezone.now() - timedelta(days=2),
    )
    assert digests.send_breaking_news(old.pk) == []


@pytest.fixture
def keep_test_connection():
    """The job closes stale connections, as the worker must; here that would end the test's
    transaction (PostgreSQL), so it is left out."""
    with (
        mock.patch("masthead.newsletters.jobs.close_old_connections"),
        mock.patch("masthead.comments.jobs.close_old_connections"),
        mock.patch("masthead.core.scheduling.close_old_connections"),
        mock.patch("masthead.core.task_recovery.close_old_connections"),
    ):
        yield


def test_scheduled_edition_starts_when_its_time_comes(
    smtp, section, daily, story, keep_test_connection
):
    from masthead.newsletters.models import EditionArticle
    from masthead.newsletters.scheduling import schedule

    reader("one@example.org", daily)
    edition = Edition.objects.create(newsletter=daily, subject="Special")
    EditionArticle.objects.create(edition=edition, article=story)
    schedule(edition, timezone.now() + timedelta(hours=1))
    send_due_newsletters()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED
    later = timezone.now() + timedelta(hours=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("masthead.newsletters.sending.queue_delivery"),
    ):
        # The worker's own round: the newsletters app registered its job with it.
        run_periodic_jobs()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENDING
    deliver(edition.pk)
    assert [m.message["Subject"] for m in smtp.received] == ["Special"]
