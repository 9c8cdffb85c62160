"""A story submitted for review sends each editor one e-mail, not two."""

from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from newsroom_staff import member, story_form

from masthead.core.roles import EDITORS, WRITERS, ensure_newsroom_roles

pytestmark = pytest.mark.django_db


def test_each_editor_gets_one_mail_when_a_writer_submits(client, home, section):
    ensure_newsroom_roles()
    writer = member("writer", WRITERS)
    member("editor", EDITORS)
    # The editor account `masthead create-editor` makes: a superuser in Editors.
    member("chief", EDITORS, superuser=True)
    User.objects.create_superuser("admin", "admin@example.org", "pw-for-tests-only")
    client.force_login(writer)
    mail.outbox.clear()

    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = client.post(url, story_form("Council votes on budget", **{"action-submit": "1"}))
    assert response.status_code == 302

    per_recipient = Counter(address for message in mail.outbox for address in message.to)
    assert per_recipient == {
        "editor@example.org": 1,
        "chief@example.org": 1,
        "admin@example.org": 1,
    }
    assert all("Council votes on budget" in message.subject for message in mail.outbox)
