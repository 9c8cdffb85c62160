"""The newsroom's side in the Wagtail admin: editions, subscribers, import and export."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from masthead.newsletters.models import (
    ConsentAction,
    ConsentEvent,
    Edition,
    EditionArticle,
    EditionStatus,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.fixture
def edition(daily, story):
    edition = Edition.objects.create(newsletter=daily, subject="Weekend reading", intro="Hello.")
    EditionArticle.objects.create(edition=edition, article=story)
    return edition


def subscribed(email, newsletter):
    subscriber = Subscriber.objects.create(email=email)
    Subscription.objects.create(
        subscriber=subscriber, newsletter=newsletter, status="active", confirmed_at=timezone.now()
    )
    ConsentEvent.objects.create(
        subscriber=subscriber,
        newsletter=newsletter,
        action=ConsentAction.CONFIRMED,
        ip_address="203.0.113.9",
        source="http://testserver/newsletters/",
    )
    return subscriber


def test_listings_and_the_subscriber_consent_record(editor, home, daily, breaking, edition):
    reader = subscribed("reader@example.org", daily)
    Subscription.objects.create(subscriber=reader, newsletter=breaking, status="pending")
    Subscriber.objects.create(email="other@example.org")

    lists = editor.get(reverse("wagtailsnippets_newsletters_newsletterlist:list")).content.decode()
    assert "1 subscribed, 0 awaiting confirmation" in lists
    assert "Export CSV" in lists and "Make a digest now" in lists

    url = reverse("wagtailsnippets_newsletters_subscriber:list")
    found = editor.get(url, {"q": "reader"}).content.decode()
    assert "reader@example.org" in found and "other@example.org" not in found
    pending = editor.get(url, {"newsletter": breaking.pk, "status": "pending"}).content.decode()
    assert "reader@example.org" in pending
    active_on_breaking = editor.get(url, {"newsletter": breaking.pk, "status": "active"})
    assert "reader@example.org" not in active_on_breaking.content.decode()

    inspect = reverse("wagtailsnippets_newsletters_subscriber:inspect", args=[reader.pk])
    record = editor.get(inspect).content.decode()
    assert "Consent record" in record
    assert "203.0.113.9" in record and "http://testserver/newsletters/" in record
    assert "Daily headlines: Subscribed" in record

    editions = editor.get(reverse("wagtailsnippets_newsletters_edition:list")).content.decode()
    assert "Weekend reading" in editions and "Send or schedule" in editions
    edit = reverse("wagtailsnippets_newsletters_edition:edit", args=[edition.pk])
    assert editor.get(edit).status_code == 200


def test_preview_shows_the_mail_readers_will_get(editor, edition, story):
    preview = editor.get(reverse("newsletters_admin:preview", args=[edition.pk]))
    html = preview.content.decode()
    assert story.title in html and "Hello." in html and "Unsubscribe" in html


def test_test_send_schedule_and_send_with_confirmation(editor, smtp, edition, daily):
    subscribed("reader@example.org", daily)
    url = reverse("newsletters_admin:send", args=[edition.pk])
    page = editor.get(url).content.decode()
    assert "Send to 1 subscriber" in page

    editor.post(url, {"action": "test", "address": "editor@example.org"})
    [test] = smtp.received
    assert test.recipients == ["editor@example.org"]
    assert test.message["Subject"] == "[Test] Weekend reading"
    assert Edition.objects.get().status == EditionStatus.DRAFT

    past = editor.post(url, {"action": "schedule", "send_at": "2001-01-01 10:00"})
    assert "Choose a time in the future" in past.content.decode()
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    editor.post(url, {"action": "schedule", "send_at": later})
    assert Edition.objects.get().status == EditionStatus.SCHEDULED

    unconfirmed = editor.post(url, {"action": "send"})
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Edition.objects.get().status == EditionStatus.SCHEDULED

    editor.post(url, {"action": "send", "confirm": "on"})
    sent = Edition.objects.get()
    assert sent.status == EditionStatus.SENDING and "Weekend reading" in sent.html_body
    assert len(smtp.received) == 1  # the worker, not the request, sends it
    assert "Send a test" not in editor.get(url).content.decode()


def test_csv_import_reports_bad_rows_and_records_consent(editor, home, daily):
    gone = subscribed("gone@example.org", daily)
    gone.suppressed_at = timezone.now()
    gone.save()
    csv = (
        "Email,Name\n"
        "ana@example.org,Ana\n"
        "not an address,Bob\n"
        "ANA@example.org,Ana again\n"
        "someone@mailinator.com,\n"
        "gone@example.org,Gone\n"
        'carl@example.org,"Carl\r\nBcc: x@example.org"\n'
        "dina@example.org,\n"
    )
    upload = SimpleUploadedFile("readers.csv", csv.encode(), content_type="text/csv")
    response = editor.post(
        reverse("newsletters_admin:import"),
        {"file": upload, "newsletters": [daily.pk], "consent_source": "Book fair sheet, May"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 imported" in html and "1 suppressed" in html and "1 repeated" in html
    assert "3 not imported because of a problem" in html
    for line in ("<td>3</td>", "<td>5</td>", "<td>8</td>"):
        assert line in html
    assert set(
        Subscription.objects.filter(status=SubscriptionStatus.ACTIVE).values_list(
            "subscriber__email", flat=True
        )
    ) == {"ana@example.org", "dina@example.org", "gone@example.org"}
    assert Subscriber.objects.get(email="gone@example.org").is_suppressed
    consent = ConsentEvent.objects.get(subscriber__email="ana@example.org")
    assert consent.action == ConsentAction.IMPORTED and "Book fair sheet, May" in consent.source


def test_import_of_a_file_without_an_email_column_is_refused(editor, home, daily):
    upload = SimpleUploadedFile("x.csv", b"name\nAna\n", content_type="text/csv")
    response = editor.post(
        reverse("newsletters_admin:import"),
        {"file": upload, "newsletters": [daily.pk], "consent_source": "x"},
    )
    assert "one called" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_export_streams_every_subscriber_with_consent_and_defuses_formulas(editor, home, daily):
    subscribed("reader@example.org", daily)
    Subscriber.objects.filter(email="reader@example.org").update(name="=HYPERLINK(1)")
    response = editor.get(reverse("newsletters_admin:export", args=[daily.pk]))
    assert response["Content-Type"] == "text/csv"
    body = b"".join(response.streaming_content).decode()
    header, row = body.splitlines()
    assert header.startswith("email,name,status")
    assert row.startswith("reader@example.org,'=HYPERLINK(1),active,")
    assert "203.0.113.9" in row


def test_newsroom_staff_without_permission_cannot_export(client, home, daily):
    user = User.objects.create_user("intern", password="pw-for-tests-only")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("newsletters_admin:export", args=[daily.pk]))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("junk", ["99999999999999999999", "²", "１２"])
def test_a_list_id_no_row_can_have_is_the_forms_error_not_a_500(editor, home, daily, junk):
    """A hand-edited filter link or a tampered import form gets the page back with an error."""
    reader = subscribed("reader@example.org", daily)
    url = reverse("wagtailsnippets_newsletters_subscriber:list")
    listing = editor.get(url, {"newsletter": junk, "status": "active"})
    assert listing.status_code == 200
    assert "Select a valid choice" in listing.content.decode()

    upload = SimpleUploadedFile("readers.csv", b"email\nana@example.org\n", content_type="text/csv")
    response = editor.post(
        reverse("newsletters_admin:import"),
        {"file": upload, "newsletters": [junk], "consent_source": "Book fair sheet"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(Subscriber.objects.all()) == [reader]
