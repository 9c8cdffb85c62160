"""Editions reaching readers through real SMTP: headers, one-click unsubscribe, suppression."""

import hashlib
import hmac
import json
import re
import time
from email import message_from_bytes, policy

import pytest
from django.test import Client
from django.utils import timezone
from newsletter_helpers import link_in

from masthead.news.authoring import add_article
from masthead.newsletters.models import (
    ConsentAction,
    Delivery,
    DeliveryStatus,
    Edition,
    EditionArticle,
    EditionStatus,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)
from masthead.newsletters.sending import deliver, start_sending

pytestmark = pytest.mark.django_db


def reader(email, *lists, status=SubscriptionStatus.ACTIVE, name=""):
    subscriber = Subscriber.objects.create(email=email, name=name)
    for newsletter in lists:
        Subscription.objects.create(
            subscriber=subscriber, newsletter=newsletter, status=status, confirmed_at=timezone.now()
        )
    return subscriber


def edition_of(newsletter, *stories, subject="Tuesday's headlines", intro="Good morning."):
    edition = Edition.objects.create(newsletter=newsletter, subject=subject, intro=intro)
    for position, story in enumerate(stories):
        EditionArticle.objects.create(edition=edition, article=story, sort_order=position)
    return edition


def send(edition):
    assert start_sending(edition.pk)
    report = deliver(edition.pk)
    edition.refresh_from_db()
    return report


def test_edition_reaches_confirmed_readers_only(smtp, home, daily, story):
    reader("one@example.org", daily, name="Reader One")
    reader("two@example.org", daily)
    reader("pending@example.org", daily, status=SubscriptionStatus.PENDING)
    reader("left@example.org", daily, status=SubscriptionStatus.UNSUBSCRIBED)
    suppressed = reader("bounced@example.org", daily)
    suppressed.suppressed_at = timezone.now()
    suppressed.save()

    edition = edition_of(daily, story)
    report = send(edition)

    assert sorted(smtp.handler.counts()) == ["one@example.org", "two@example.org"]
    assert report.sent == 2 and report.finished
    assert edition.status == EditionStatus.SENT
    figures = edition.figures()
    assert (figures["recipients"], figures["sent"], figures["failed"]) == (2, 2, 0)
    # Sending again changes nothing: each reader has their one delivery, already sent.
    assert not start_sending(edition.pk)
    assert deliver(edition.pk).sent == 0
    assert len(smtp.received) == 2


def test_every_edition_mail_has_one_click_unsubscribe_and_quality_parts(smtp, home, daily, story):
    reader("one@example.org", daily, name="Reader One")
    edition = edition_of(daily, story)
    send(edition)
    [mail] = smtp.received
    message = mail.message

    assert message["To"] == "Reader One <one@example.org>"
    assert message["From"] == "The Test Gazette <news@gazette.example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_url = re.fullmatch(
        r"<(http://testserver/newsletters/unsubscribe/[^>]+/)>", message["List-Unsubscribe"].strip()
    ).group(1)
    delivery = Delivery.objects.get()
    assert (
        message["Message-ID"]
        == f"<edition-{edition.pk}.delivery-{delivery.pk}@gazette.example.org>"
    )

    text, html = mail.part("plain"), mail.part("html")
    assert header_url in text and header_url in html  # the visible link too
    assert "Manage your newsletters: http://testserver/newsletters/manage/" in text
    assert story.title in text and f"http://testserver{story.url}" in text
    assert story.title in html and "Good morning." in html
    assert "The Test Gazette" in html  # branding
    # Absolute links only; every image has alt text; MJML's responsive markup.
    assert not re.findall(r'(?:href|src)="(?!https?://)', html)
    assert all('alt="' in tag for tag in re.findall(r"<img\b[^>]*>", html))
    assert "@media only screen" in html


def test_one_click_unsubscribe_post_works_without_cookies_or_csrf(smtp, home, daily, story):
    subscriber = reader("one@example.org", daily)
    edition = edition_of(daily, story)
    send(edition)
    url = smtp.received[0].message["List-Unsubscribe"].strip().strip("<>")

    mail_provider = Client(enforce_csrf_checks=True)
    # Opening the link (a mail scanner, say) unsubscribes nobody.
    assert mail_provider.get(url).status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE

    response = mail_provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    event = subscriber.consent.get(action=ConsentAction.UNSUBSCRIBED)
    assert event.edition == edition and "One-click" in event.source
    assert edition.figures()["unsubscribed"] == 1

    # The next edition does not go to them.
    send(edition_of(daily, story, subject="Wednesday"))
    assert len(smtp.received) == 1


def test_unsubscribe_from_everything_suppresses_until_the_reader_opts_in_again(
    client, smtp, home, daily, breaking, story
):
    subscriber = reader("one@example.org", daily, breaking)
    send(edition_of(daily, story))
    url = link_in(smtp.received[0].part("plain"), "unsubscribe")
    assert client.post(url, {"scope": "all"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_suppressed
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"unsubscribed"}

    send(edition_of(breaking, story, subject="Breaking"))
    assert len(smtp.received) == 1

    # Opting in again, with a confirmation, lifts the suppression.
    client.post(
        "/newsletters/subscribe/",
        {"email": "one@example.org", "lists": [breaking.pk], "source": "/"},
    )
    client.post(link_in(smtp.received[-1].part("plain"), "confirm"))
    subscriber.refresh_from_db()
    assert not subscriber.is_suppressed
    send(edition_of(breaking, story, subject="Breaking again"))
    assert smtp.received[-1].message["Subject"] == "Breaking again"


def test_preference_centre_changes_lists_without_login(client, smtp, home, daily, breaking, story):
    subscriber = reader("one@example.org", daily)
    send(edition_of(daily, story))
    manage = link_in(smtp.received[0].part("plain"), "manage")
    page = client.get(manage).content.decode()
    assert "one@example.org" in page and "Breaking news" in page

    client.post(manage, {"lists": [breaking.pk], "save": ""})
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"daily-headlines": "unsubscribed", "breaking-news": "active"}

    tampered = manage.replace("/manage/", "/manage/x")
    assert client.get(tampered).status_code == 400


def test_refused_recipient_is_recorded_as_failed_and_the_rest_still_go(smtp, home, daily, story):
    reader("one@example.org", daily)
    reader("gone@example.org", daily)
    reader("three@example.org", daily)
    smtp.handler.refuse.add("gone@example.org")
    edition = edition_of(daily, story)
    send(edition)
    assert sorted(smtp.handler.counts()) == ["one@example.org", "three@example.org"]
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.subscriber.email == "gone@example.org" and "550" in failed.error
    assert edition.figures()["failed"] == 1
    assert edition.status == EditionStatus.SENT


def test_lines_starting_with_a_dot_arrive_intact(smtp, home, daily, story):
    reader("one@example.org", daily)
    send(edition_of(daily, story, intro=".NET meetup moves\n.\nto Thursday"))
    assert ".NET meetup moves\n.\nto Thursday" in smtp.received[0].part("plain").replace("\r", "")


def test_subjects_cannot_inject_headers(smtp, home, daily, story):
    reader("one@example.org", daily)
    send(edition_of(daily, story, subject="Hello\r\nBcc: evil@example.org"))
    [mail] = smtp.received
    assert mail.recipients == ["one@example.org"]
    assert mail.message["Subject"] == "Hello Bcc: evil@example.org"
    assert mail.message["Bcc"] is None


def test_unpublished_stories_are_left_out(smtp, home, daily, section, story):
    reader("one@example.org", daily)
    draft = add_article(section, "Not yet public", paragraphs=["Secret."], publish=False)
    send(edition_of(daily, story, draft))
    assert "Not yet public" not in smtp.received[0].part("plain")


def mailgun_event(key: str, event: str, recipient: str, message_id: str) -> dict:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "severity": "permanent",
            "recipient": recipient,
            "timestamp": float(timestamp),
            "message": {"headers": {"message-id": message_id.strip("<>")}},
        },
    }


def test_signed_bounce_and_complaint_webhooks_suppress_and_count(
    client, settings, smtp, home, daily, story
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret", "MAILGUN_WEBHOOK_SIGNING_KEY": "k3y"}
    bouncer = reader("bouncer@example.org", daily)
    complainer = reader("complainer@example.org", daily)
    edition = edition_of(daily, story)
    send(edition)
    ids = {r.recipients[0]: r.message["Message-ID"] for r in smtp.received}
    url = "/newsletters/webhooks/mailgun/tracking/"
    auth = {"HTTP_AUTHORIZATION": "Basic aG9vazpzZWNyZXQ="}  # hook:secret

    forged = mailgun_event("wrong-key", "failed", "bouncer@example.org", ids["bouncer@example.org"])
    response = client.post(url, json.dumps(forged), content_type="application/json", **auth)
    assert response.status_code == 400
    bouncer.refresh_from_db()
    assert not bouncer.is_suppressed

    for email, event in (
        ("bouncer@example.org", "failed"),
        ("complainer@example.org", "complained"),
    ):
        body = json.dumps(mailgun_event("k3y", event, email, ids[email]))
        assert client.post(url, body, content_type="application/json", **auth).status_code == 200
    bouncer.refresh_from_db()
    complainer.refresh_from_db()
    assert bouncer.suppression_reason == "bounced"
    assert complainer.suppression_reason == "complained"
    figures = edition.figures()
    assert (figures["bounced"], figures["complained"]) == (1, 1)


def test_webhooks_are_closed_without_a_secret(client, settings, home):
    settings.ANYMAIL = {}
    response = client.post(
        "/newsletters/webhooks/mailgun/tracking/", "{}", content_type="application/json"
    )
    assert response.status_code == 403


def test_fast_raw_mail_matches_what_django_would_build(home, daily, story):
    from masthead.newsletters.mail import EditionMailer

    reader("zoë@example.org", daily)
    edition = edition_of(daily, story, subject="Ça va: the week’s news")
    start_sending(edition.pk)
    edition.refresh_from_db()
    mail = EditionMailer(edition).mail_for(7, "key", "zoe@example.org", "Zoë Ünal")
    raw = message_from_bytes(mail.as_bytes(), policy=policy.default)
    django = message_from_bytes(
        mail.as_django_message().message().as_bytes(), policy=policy.default
    )
    for header in ("Subject", "From", "To", "Message-ID", "List-Id", "List-Unsubscribe-Post"):
        assert str(raw[header]) == str(django[header]), header
    assert raw["List-Unsubscribe"].strip() == django["List-Unsubscribe"].strip()
    for subtype in ("plain", "html"):  # the same text, line ends aside

        def body(message, subtype=subtype):
            content = message.get_body(preferencelist=(subtype,)).get_content()
            return content.replace("\r\n", "\n").rstrip("\n")

        assert body(raw) == body(django)
    assert max(len(line) for line in mail.as_bytes().split(b"\r\n")) <= 998  # RFC 5322


def test_any_django_backend_works_for_providers_and_the_demo(settings, home, daily, story):
    from django.core import mail as outbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reader("one@example.org", daily)
    edition = edition_of(daily, story)
    report = send(edition)
    assert report.sent == 1 and edition.status == EditionStatus.SENT
    [message] = outbox.outbox
    assert message.to == ["one@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
