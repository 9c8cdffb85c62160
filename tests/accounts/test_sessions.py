"""Signed-in sessions: a staff member sees every browser signed in as them and ends any."""

import pytest
from django.test import Client
from newsroom_staff import PASSWORD, member

from masthead.accounts.models import SignedInSession
from masthead.accounts.sessions import browser_label
from masthead.core.roles import ensure_newsroom_roles

pytestmark = pytest.mark.django_db

SESSIONS = "/admin/account/sessions/"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def editor(home):
    ensure_newsroom_roles()
    return member("eda", "Editors")


def browser(user, agent: str, address: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    return client


def test_every_browser_signed_in_is_listed_with_where_it_is(editor):
    desk = browser(editor, FIREFOX, "198.51.100.7")
    browser(editor, PHONE, "203.0.113.9")
    page = desk.get(SESSIONS).content.decode()
    assert "Firefox on Windows" in page and "(this browser)" in page
    assert "Chrome on Android" in page
    assert "198.51.100.7" in page and "203.0.113.9" in page
    assert page.count("Sign out<span") == 1  # not for this browser itself


def test_signing_out_another_browser_ends_its_session_at_once(editor):
    desk = browser(editor, FIREFOX, "198.51.100.7")
    phone = browser(editor, PHONE, "203.0.113.9")
    assert phone.get("/admin/").status_code == 200
    other = SignedInSession.objects.get(user=editor, user_agent=PHONE)
    desk.post(SESSIONS, {"end": str(other.pk)})
    assert phone.get("/admin/").status_code == 302  # back to the sign-in page
    assert desk.get("/admin/").status_code == 200
    assert "Chrome on Android" not in desk.get(SESSIONS).content.decode()


def test_sign_out_everywhere_else(editor):
    desk = browser(editor, FIREFOX, "198.51.100.7")
    others = [browser(editor, PHONE, f"203.0.113.{n}") for n in range(3)]
    desk.post(SESSIONS, {"end_others": "1"})
    assert all(client.get("/admin/").status_code == 302 for client in others)
    assert desk.get("/admin/").status_code == 200


def test_nobody_can_end_someone_elses_session(editor):
    victim = browser(editor, PHONE, "203.0.113.9")
    intruder = browser(member("mo", "Moderators"), FIREFOX, "198.51.100.7")
    record = SignedInSession.objects.get(user=editor)
    response = intruder.post(SESSIONS, {"end": str(record.pk)}, follow=True)
    assert "That session had already ended." in response.content.decode()
    assert victim.get("/admin/").status_code == 200


def test_signing_out_removes_the_session_from_the_list(editor):
    desk = browser(editor, FIREFOX, "198.51.100.7")
    phone = browser(editor, PHONE, "203.0.113.9")
    phone.post("/admin/logout/")
    assert list(
        SignedInSession.objects.filter(user=editor).values_list("user_agent", flat=True)
    ) == [FIREFOX]
    assert "Chrome on Android" not in desk.get(SESSIONS).content.decode()


def test_a_password_change_drops_the_other_sessions_from_the_list(editor):
    desk = browser(editor, FIREFOX, "198.51.100.7")
    browser(editor, PHONE, "203.0.113.9")
    editor.set_password("a new long passphrase")
    editor.save()
    # The other browser's session no longer signs in (Django checks the password hash).
    page = desk.get(SESSIONS)
    assert page.status_code == 302  # this one too: the change was made elsewhere
    fresh = Client(HTTP_USER_AGENT=FIREFOX)
    fresh.post("/admin/login/", {"username": "eda", "password": "a new long passphrase"})
    listed = fresh.get(SESSIONS).content.decode()
    assert "Chrome on Android" not in listed and "Firefox on Windows" in listed


@pytest.mark.parametrize(
    "agent, label",
    [
        (FIREFOX, "Firefox on Windows"),
        (PHONE, "Chrome on Android"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        ("", "Unknown browser"),
    ],
)
def test_browsers_are_named_as_people_know_them(agent, label):
    assert browser_label(agent) == label
