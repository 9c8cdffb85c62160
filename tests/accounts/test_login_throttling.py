"""Staff sign-in resists password guessing: django-axes pauses an account per address.

Everything goes through Wagtail's real sign-in form at /admin/login/ with
Django's test client, against the test database.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.66"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@news.test", PASSWORD)


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def guess(client: Client, username: str, times: int, **extra):
    responses = [sign_in(client, username, f"wrong-{n}", **extra) for n in range(times)]
    return responses[-1]


def test_thirty_wrong_passwords_then_the_right_one_is_refused(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER)
    statuses = [sign_in(client, "editor", f"guess-{n}").status_code for n in range(30)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form, with its error
    assert set(statuses[limit - 1 :]) == {429}

    last = sign_in(client, "editor", PASSWORD)
    assert last.status_code == 429
    assert not signed_in(client)
    assert AccessLog.objects.count() == 0


def test_the_pause_page_is_polite_and_says_when_to_try_again(settings, editor):
    settings.TIME_ZONE = "UTC"
    client = Client(REMOTE_ADDR=ATTACKER)
    response = guess(client, "editor", settings.AXES_FAILURE_LIMIT)

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.MASTHEAD_LOGIN_COOLOFF_MINUTES * 60)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert "Sign-in paused for 15 minutes" in html
    assert "<strong>editor</strong>" in html
    assert "Please try again after" in html
    shown = re.search(r'<time datetime="([^"]+)">(\d\d:\d\d) UTC</time>', html)
    assert shown, html
    until = datetime.datetime.fromisoformat(shown.group(1))
    expected = timezone.now() + datetime.timedelta(minutes=15)
    assert abs((until - expected).total_seconds()) < 60
    assert 'href="/admin/password_reset/"' in html
    assert 'href="/admin/login/"' in html


def test_the_username_on_the_pause_page_is_escaped(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER)
    response = guess(client, "<script>x</script>", settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert b"<script>x</script>" not in response.content
    assert b"&lt;script&gt;x&lt;/script&gt;" in response.content


def test_another_account_from_the_same_address_still_signs_in(settings, editor, django_user_model):
    django_user_model.objects.create_superuser("reporter", "r@news.test", PASSWORD)
    client = Client(REMOTE_ADDR=ATTACKER)
    assert guess(client, "editor", settings.AXES_FAILURE_LIMIT).status_code == 429

    other = Client(REMOTE_ADDR=ATTACKER)
    response = sign_in(other, "reporter", PASSWORD)
    assert response.status_code == 302
    assert signed_in(other)


def test_the_same_account_from_another_address_still_signs_in(settings, editor):
    assert guess(Client(REMOTE_ADDR=ATTACKER), "editor", 30).status_code == 429

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(elsewhere, "editor", PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_signing_in_works_again_after_the_cool_off(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert guess(client, "editor", settings.AXES_FAILURE_LIMIT + 3).status_code == 429
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    # The last attempt is now just over the cool-off in the past.
    over = datetime.timedelta(minutes=settings.MASTHEAD_LOGIN_COOLOFF_MINUTES, seconds=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - over)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_shorter_cool_off_setting_is_honoured(settings, editor):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=2)
    client = Client(REMOTE_ADDR=ATTACKER)
    response = guess(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert response["Retry-After"] == "120"
    assert "Sign-in paused for 2 minutes" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=3))
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_axes_reset_lifts_the_pause_at_once(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert guess(client, "editor", settings.AXES_FAILURE_LIMIT).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_a_successful_sign_in_forgets_earlier_typos(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):
        assert guess(client, "editor", settings.AXES_FAILURE_LIMIT - 1).status_code == 200
        assert sign_in(client, "editor", PASSWORD).status_code == 302
        client.logout()


def test_failures_and_sign_ins_leave_an_audit_trail(settings, editor):
    client = Client(REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT="guesser/1.0")
    guess(client, "editor", 2)
    failures = AccessFailureLog.objects.filter(username="editor")
    assert failures.count() == 2
    assert {f.ip_address for f in failures} == {ATTACKER}
    assert "wrong-" not in "".join(AccessAttempt.objects.values_list("post_data", flat=True))

    sign_in(client, "editor", PASSWORD)
    assert AccessLog.objects.filter(username="editor", ip_address=ATTACKER).count() == 1


def test_password_reset_still_works_during_a_pause(settings, editor, mailoutbox):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert guess(client, "editor", settings.AXES_FAILURE_LIMIT).status_code == 429

    assert client.get("/admin/password_reset/").status_code == 200
    response = client.post("/admin/password_reset/", {"email": "editor@news.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("a brand new passphrase")


def test_the_sign_in_page_itself_is_unchanged(editor):
    client = Client()
    assert client.get(LOGIN).status_code == 200
    assert sign_in(client, "editor", "not it").status_code == 200
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


# Behind a reverse proxy ---------------------------------------------------------


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(settings, editor):
    settings.MASTHEAD_TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR="127.0.0.1")
    # An attacker inventing a new address for every guess gains nothing.
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_client_address_counts(settings, editor):
    settings.MASTHEAD_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    # nginx appends the address it saw; what the client wrote before it is not believed.
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(
            proxy, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}"
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    colleague = Client(REMOTE_ADDR="127.0.0.1")
    response = sign_in(colleague, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302


def test_client_address_reading():
    from django.test import RequestFactory, override_settings

    from masthead.core.addresses import client_address

    def address(remote: str, forwarded: str | None = None) -> str | None:
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(RequestFactory().get("/", **extra))

    with override_settings(MASTHEAD_TRUSTED_PROXIES=[]):
        assert address("203.0.113.5", "10.0.0.1") == "203.0.113.5"
        assert address("127.0.0.1", "10.0.0.1") == "127.0.0.1"
    with override_settings(MASTHEAD_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"]):
        assert address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
        assert address("::ffff:127.0.0.1", "203.0.113.5") == "203.0.113.5"
        # Two proxies of ours in a row, and a made-up entry before them.
        assert address("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3") == "203.0.113.5"
        assert address("127.0.0.1", "2001:db8::1") == "2001:db8::1"
        # Garbage or nothing: the nearest address that could be read.
        assert address("127.0.0.1", "not-an-address") == "127.0.0.1"
        assert address("127.0.0.1", "") == "127.0.0.1"
        assert address("127.0.0.1") == "127.0.0.1"
        # Only the proxy's own connection may vouch for the header.
        assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_a_mistyped_trusted_proxy_stops_the_site_from_starting():
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "masthead", "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "MASTHEAD_TRUSTED_PROXIES": "127.0.0.1,nginx"},
        timeout=120,
    )
    assert result.returncode != 0
    assert "MASTHEAD_TRUSTED_PROXIES: 'nginx' is not an address" in result.stderr
