"""The edition's "Send at" box: Wagtail's date-time picker, with its format and time zone said."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from masthead.newsletters.models import Edition, EditionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    return client


@pytest.fixture
def edition(daily):
    return Edition.objects.create(newsletter=daily, subject="Weekend reading", intro="Hello.")


def test_send_at_is_a_picker_that_names_the_format_and_time_zone(editor, edition):
    html = editor.get(reverse("newsletters_admin:send", args=[edition.pk])).content.decode()
    # The picker's script is on the page, so initDateTimeChooser exists when the box calls it.
    assert "wagtailadmin/js/date-time-chooser.js" in html
    assert 'initDateTimeChooser("id_send_at"' in html
    assert "YYYY-MM-DD HH:MM" in html
    assert "in the Europe/Stockholm time zone" in html
    assert 'aria-describedby="id_send_at_helptext"' in html


def test_send_at_is_read_in_the_named_time_zone_to_the_minute(editor, edition):
    url = reverse("newsletters_admin:send", args=[edition.pk])
    editor.post(url, {"action": "schedule", "send_at": "2030-03-04 09:41"})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED
    assert edition.send_at == datetime(2030, 3, 4, 9, 41, tzinfo=ZoneInfo("Europe/Stockholm"))
