"""Signing up: double opt-in through a real SMTP server, and everything that can go wrong."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from newsletter_helpers import link_in

from masthead.newsletters.models import (
    ConsentAction,
    ConsentEvent,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletters/subscribe/"


def sign_up(client, email, lists, name="", source="/community/library-reopens/", **extra):
    return client.post(
        SIGNUP,
        {"email": email, "name": name, "lists": [n.pk for n in lists], "source": source},
        REMOTE_ADDR=extra.pop("ip", "203.0.113.7"),
        **extra,
    )


def test_double_opt_in_from_sign_up_to_confirmed(client, smtp, home, daily, breaking):
    response = sign_up(client, "Reader@Example.org", [daily, breaking], name="Ana Reader")
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/check-your-inbox/"
    assert "Check your inbox" in client.get(response["Location"]).content.decode()

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {"pending"}

    [mail] = smtp.received
    assert mail.recipients == ["reader@example.org"]
    assert mail.message["Subject"] == "Confirm your subscription to The Test Gazette"
    text = mail.part("plain")
    assert "Daily headlines" in text and "Breaking news" in text
    confirm = link_in(text, "confirm")
    assert confirm in mail.part("html")

    # Opening the link shows a button (mail scanners open links); pressing it confirms.
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Yes, subscribe me" in page.content.decode()
    assert subscriber.subscriptions.filter(status="active").count() == 0

    done = client.post(confirm, REMOTE_ADDR="198.51.100.4")
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"daily-headlines": "active", "breaking-news": "active"}
    subscriber.refresh_from_db()
    assert subscriber.name == "Ana Reader"

    record = ConsentEvent.objects.filter(subscriber=subscriber)
    requested = record.get(action=ConsentAction.REQUESTED, newsletter=daily)
    assert requested.ip_address == "203.0.113.7"
    assert requested.source == "http://testserver/community/library-reopens/"
    confirmed = record.get(action=ConsentAction.CONFIRMED, newsletter=daily)
    assert confirmed.ip_address == "198.51.100.4"
    assert confirmed.source == "http://testserver/community/library-reopens/"


def test_answer_never_reveals_whether_an_address_is_subscribed(client, smtp, home, daily):
    def answer(email):
        response = sign_up(client, email, [daily])
        return response.status_code, response["Location"]

    new = answer("new@example.org")
    Subscriber.objects.create(email="known@example.org")
    sub = Subscriber.objects.get(email="known@example.org")
    Subscription.objects.create(subscriber=sub, newsletter=daily, status="active")
    assert answer("known@example.org") == new
    assert answer("known@example.org") == new  # and again, rate-limited
    # The subscribed reader is told so in a mail only they can read, not on the page.
    [known_mail] = smtp.handler.to("known@example.org")
    assert "already receive" in known_mail.part("plain")
    assert "/newsletters/manage/" in known_mail.part("plain")


def test_repeated_sign_ups_send_one_confirmation(client, smtp, home, daily):
    for _ in range(5):
        assert sign_up(client, "eager@example.org", [daily]).status_code == 302
    assert len(smtp.handler.to("eager@example.org")) == 1


@pytest.mark.parametrize(
    "address, message",
    [
        ("not-an-address", "does not look like an e-mail address"),
        ("someone@mailinator.com", "throwaway address"),
        ("someone@fresh-tempmail.net", "throwaway address"),
        ("someone@host.invalid", "cannot be delivered"),
        ("", "Enter your e-mail address"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_store_nothing(
    client, smtp, home, daily, address, message
):
    response = sign_up(client, address, [daily])
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-describedby="newsletter_email_error"' in html
    assert not Subscriber.objects.exists()
    assert not smtp.received


def test_choosing_no_list_is_explained(client, home, daily):
    response = sign_up(client, "reader@example.org", [])
    assert response.status_code == 400
    assert "Choose at least one newsletter." in response.content.decode()


def test_names_cannot_inject_mail_headers(client, smtp, home, daily):
    response = sign_up(client, "reader@example.org", [daily], name="Eve\r\nBcc: victim@example.org")
    assert response.status_code == 400
    assert "line breaks" in response.content.decode()
    assert not smtp.received and not Subscriber.objects.exists()


def test_tampered_link_gets_a_friendly_page_with_a_fresh_link_form(client, smtp, home, daily):
    sign_up(client, "reader@example.org", [daily])
    confirm = link_in(smtp.received[0].part("plain"), "confirm")
    tampered = confirm[:-6] + ("A" if confirm[-6] != "A" else "B") + confirm[-5:]
    response = client.get(tampered)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link does not work" in html
    assert 'action="/newsletters/new-link/"' in html


def test_expired_link_offers_a_fresh_one_that_works(client, smtp, settings, home, daily):
    settings.NEWSLETTER_CONFIRMATION_INTERVAL = 0
    sign_up(client, "reader@example.org", [daily])
    confirm = link_in(smtp.received[0].part("plain"), "confirm")
    later = signing.time.time() + timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(confirm)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()

    assert client.post("/newsletters/new-link/", {"email": "reader@example.org"}).status_code == 302
    fresh = link_in(smtp.received[-1].part("plain"), "confirm")
    client.post(fresh)
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE


def test_unknown_address_asking_for_a_link_gets_the_same_answer_and_no_mail(client, smtp, home):
    response = client.post("/newsletters/new-link/", {"email": "stranger@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/newsletters/check-your-inbox/"
    assert not smtp.received


def test_sign_up_box_is_on_the_home_page_articles_and_its_own_page(client, home, story, daily):
    for url in ("/", story.url, "/newsletters/"):
        html = client.get(url).content.decode()
        assert 'action="/newsletters/subscribe/"' in html, url
        assert "Daily headlines" in html
        assert '<label for="newsletter_email">' in html
        boxes = re.findall(r'<input type="checkbox" name="lists"[^>]*>', html)
        assert boxes and not [box for box in boxes if "checked" in box]  # never pre-ticked


def test_a_list_no_longer_offered_cannot_be_chosen(client, home, daily):
    daily.public = False
    daily.save()
    response = sign_up(client, "reader@example.org", [daily])
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_too_many_sign_ups_from_one_network_are_refused_politely(
    client, smtp, settings, home, daily
):
    settings.NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = 2
    for number in range(2):
        assert sign_up(client, f"r{number}@example.org", [daily]).status_code == 302
    response = sign_up(client, "r3@example.org", [daily])
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()


def test_a_sign_up_forged_on_another_site_is_refused_and_sends_nothing(client, smtp, home, daily):
    """The sign-up box has no CSRF token (it sits on cached pages); this check replaces it.

    bench/security_scan.py allows wapiti's "Lack of anti CSRF token" on this form
    only because of it (docs/security.md, "The outside scan").
    """
    for headers in ({"Origin": "https://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = sign_up(client, "victim@example.org", [daily], headers=headers)
        assert response.status_code == 403
        assert "another website" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not smtp.received
    # The same box posted from this site's own page works without any cookie.
    response = sign_up(
        client, "reader@example.org", [daily], headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 302
