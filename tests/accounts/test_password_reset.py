"""The admin's password reset sends a few mails an hour per address and per e-mail, never more."""

import re

import pytest
from django.test import Client

from masthead.accounts.password_reset import RESETS_PER_ADDRESS, RESETS_PER_EMAIL

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@news.test", "pw-for-tests-only", is_staff=True
    )


def ask(client: Client, email: str):
    return client.post(RESET, {"email": email})


def test_one_inbox_gets_a_few_reset_mails_an_hour_and_then_a_polite_refusal(editor, mailoutbox):
    for number in range(RESETS_PER_EMAIL):
        # From several addresses: the limit follows the inbox, not only the sender.
        response = ask(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), "editor@news.test")
        assert response.status_code == 302
    assert len(mailoutbox) == RESETS_PER_EMAIL

    refused = ask(Client(REMOTE_ADDR="198.51.100.99"), "Editor@News.test")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mailoutbox) == RESETS_PER_EMAIL


def test_one_address_cannot_walk_a_list_of_inboxes(editor, mailoutbox):
    client = Client(REMOTE_ADDR="203.0.113.66")
    for number in range(RESETS_PER_ADDRESS):
        assert ask(client, f"guess{number}@news.test").status_code == 302
    refused = ask(client, "editor@news.test")
    assert refused.status_code == 429
    assert mailoutbox == []  # none of the guesses was staff, and the real one was refused


def test_the_refusal_does_not_say_whether_an_account_exists(editor):
    client = Client(REMOTE_ADDR="203.0.113.67")
    for _ in range(RESETS_PER_EMAIL):
        ask(client, "editor@news.test")
        ask(client, "nobody@news.test")
    known = ask(Client(REMOTE_ADDR="203.0.113.68"), "editor@news.test")
    unknown = ask(Client(REMOTE_ADDR="203.0.113.69"), "nobody@news.test")
    assert known.status_code == unknown.status_code == 429

    def page(response, email: str) -> str:  # the same page but for the address typed and the tokens
        return re.sub(r"[A-Za-z0-9]{32,}", "TOKEN", response.content.decode().replace(email, "X"))

    assert page(known, "editor@news.test") == page(unknown, "nobody@news.test")
