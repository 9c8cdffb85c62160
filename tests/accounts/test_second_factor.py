"""Two-step sign-in as staff live it: set it up, sign in with a code, lose the phone."""

import re
import time
from base64 import b32decode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from newsroom_staff import PASSWORD, member

from masthead.accounts import second_factor
from masthead.accounts.models import StaffSignInPolicy
from masthead.core.roles import ensure_newsroom_roles

pytestmark = pytest.mark.django_db

SET_UP = "/admin/account/two-step/"
VERIFY = "/admin/account/verify/"


def code_for(key: bytes, steps_ahead: int = 0) -> str:
    """What the phone shows now (or one step later, for a second code within 30 s)."""
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def signed_in_client(user) -> Client:
    client = Client()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def set_up_app(client: Client) -> tuple[bytes, list[str]]:
    """Walk the set-up page as a writer would: read the key it prints, type the app's code."""
    page = client.get(SET_UP).content.decode()
    typed_key = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", page).group(1)
    key = b32decode(typed_key.replace(" ", "") + "=" * (-len(typed_key.replace(" ", "")) % 8))
    response = client.post(SET_UP, {"action": "confirm", "code": code_for(key)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    return key, codes


@pytest.fixture
def writer(home):
    ensure_newsroom_roles()
    return member("wanda", "Writers")


def test_set_up_shows_a_picture_and_a_key_and_gives_ten_backup_codes(writer):
    client = signed_in_client(writer)
    page = client.get(SET_UP).content.decode()
    assert "<svg" in page and "Set-up code for your authenticator app" in page
    assert "Turn on two-step sign-in" in page
    key, codes = set_up_app(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert second_factor.is_set_up(writer)
    # The key printed is the one the app's picture carries, under the site's name.
    device = TOTPDevice.objects.get(user=writer, confirmed=True)
    assert device.bin_key == key
    assert device.config_url.startswith("otpauth://totp/Masthead%3Awanda?")
    # This session gave its code while setting up: the admin stays open.
    assert client.get("/admin/").status_code == 200


def test_a_wrong_first_code_does_not_turn_it_on(writer):
    client = signed_in_client(writer)
    client.get(SET_UP)
    response = client.post(SET_UP, {"action": "confirm", "code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not second_factor.is_set_up(writer)


def test_after_set_up_the_password_alone_no_longer_opens_the_admin(writer):
    key, _ = set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    # Nor does any other admin page, or an admin page's data.
    assert client.get("/admin/comments/").status_code == 302
    assert client.get(SET_UP).status_code == 302
    # The code page's own icons load (they are an admin URL too).
    assert client.get("/admin/sprite/").status_code == 200

    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/pages/").status_code == 302

    time.sleep(1.1)  # the one-second pause after a wrong code
    right = client.post(VERIFY, {"code": code_for(key, steps_ahead=1), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_wrong_codes_in_a_row_slow_the_next_attempts_down(writer):
    key, _ = set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    client.post(VERIFY, {"code": "111111"})
    client.post(VERIFY, {"code": "222222"})
    # Even the right code is refused while the pause (now two seconds) lasts.
    response = client.post(VERIFY, {"code": code_for(key, steps_ahead=1)})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_signs_in_once(writer):
    _, codes = set_up_app(signed_in_client(writer))
    first = signed_in_client(writer)
    assert first.post(VERIFY, {"code": codes[0].upper().replace("-", " ")}).status_code == 302
    assert first.get("/admin/").status_code == 200
    again = signed_in_client(writer)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert again.get("/admin/").status_code == 302
    assert second_factor.backup_codes_left(writer) == 9


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/admin/", "//evil.example/", "/news/", "javascript:alert(1)"]
)
def test_after_the_code_only_an_admin_page_of_this_site_is_opened(writer, next_url):
    key, _ = set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    response = client.post(VERIFY, {"code": code_for(key, steps_ahead=1), "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_before_the_code_reader_pages_treat_the_session_as_signed_out(writer, home):
    set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    assert "wagtail-userbar" not in client.get("/").content.decode()
    verified = signed_in_client(member("ed", "Editors"))
    assert "wagtail-userbar" in verified.get("/").content.decode()


def test_signing_out_works_before_the_code(writer):
    set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    client.post("/admin/logout/")
    assert "_auth_user_id" not in client.session


def test_an_administrator_can_require_it_of_every_account(writer):
    StaffSignInPolicy.objects.update_or_create(pk=1, defaults={"require_second_factor": True})
    client = signed_in_client(writer)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == SET_UP
    page = client.get(SET_UP).content.decode()
    assert "requires two-step sign-in for every staff account" in page
    set_up_app(client)
    assert client.get("/admin/pages/").status_code == 200
    # It cannot be turned off while the site requires it.
    client.post(SET_UP, {"action": "turn_off", "code": "000000"})
    assert second_factor.is_set_up(writer)


def test_only_administrators_may_change_the_requirement(writer):
    client = signed_in_client(writer)
    assert client.get("/admin/settings/accounts/staffsigninpolicy/").status_code in (302, 403)
    admin = member("ada", "Editors", superuser=True)
    response = signed_in_client(admin).get(
        "/admin/settings/accounts/staffsigninpolicy/", follow=True
    )
    assert response.status_code == 200
    assert "Require two-step sign-in for every staff account" in response.content.decode()


def test_turning_it_off_takes_a_current_code(writer):
    client = signed_in_client(writer)
    key, _ = set_up_app(client)
    refused = client.post(SET_UP, {"action": "turn_off", "code": "000000"})
    assert refused.status_code == 400 and second_factor.is_set_up(writer)
    time.sleep(1.1)
    client.post(SET_UP, {"action": "turn_off", "code": code_for(key, steps_ahead=1)})
    assert not second_factor.is_set_up(writer)
    assert signed_in_client(writer).get("/admin/").status_code == 200


def test_new_backup_codes_replace_the_old_ones(writer):
    client = signed_in_client(writer)
    _, old = set_up_app(client)
    response = client.post(SET_UP, {"action": "new_codes"})
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert signed_in_client(writer).post(VERIFY, {"code": old[1]}).status_code == 400
    time.sleep(1.1)  # the pause after a wrong code
    assert signed_in_client(writer).post(VERIFY, {"code": new[1]}).status_code == 302


def test_a_new_phone_replaces_the_old_app_only_once_it_gives_a_code(writer):
    client = signed_in_client(writer)
    old_key, _ = set_up_app(client)
    page = client.post(SET_UP, {"action": "replace"}).content.decode()
    assert "Turn on two-step sign-in" in page
    assert second_factor.is_set_up(writer)  # the old app still works meanwhile
    typed = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    new_key = b32decode(typed + "=" * (-len(typed) % 8))
    assert new_key != old_key
    client.post(SET_UP, {"action": "confirm", "code": code_for(new_key)})
    assert TOTPDevice.objects.get(user=writer, confirmed=True).bin_key == new_key


def test_the_lost_phone_command_resets_the_account_and_signs_it_out(writer):
    client = signed_in_client(writer)
    set_up_app(client)
    call_command("reset_second_factor", "wanda")
    assert not second_factor.is_set_up(writer)
    assert client.get("/admin/").status_code == 302  # signed out everywhere
    assert signed_in_client(writer).get("/admin/").status_code == 200


def second_factor_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured
        if "otp_totp_totpdevice" in query["sql"] or "accounts_staffsigninpolicy" in query["sql"]
    ]


def test_a_session_without_its_code_asks_the_database_once_not_on_every_page(
    writer, django_assert_num_queries
):
    StaffSignInPolicy.load()  # the row exists, as on any site that has opened its admin
    client = signed_in_client(writer)
    client.get("/healthz")  # asks once, and the session remembers
    # The session and the user, nothing about the second factor.
    with django_assert_num_queries(2):
        assert client.get("/healthz").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/healthz").status_code == 200
    with CaptureQueriesContext(connection) as reader_page:
        assert client.get("/").status_code == 200
    assert not second_factor_queries(reader_page.captured_queries)
    client.get("/admin/")  # the admin also asks for the site's requirement, once
    with CaptureQueriesContext(connection) as admin_page:
        assert client.get("/admin/").status_code == 200
    assert not second_factor_queries(admin_page.captured_queries)


def test_an_app_set_up_in_another_browser_shuts_this_one_out_at_once(writer):
    password_only = signed_in_client(writer)
    assert password_only.get("/admin/pages/").status_code == 200  # remembered: no app yet
    assert "wagtail-userbar" in password_only.get("/").content.decode()
    key, _ = set_up_app(signed_in_client(writer))
    response = password_only.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert "wagtail-userbar" not in password_only.get("/").content.decode()
    assert password_only.post(VERIFY, {"code": code_for(key, steps_ahead=1)}).status_code == 302
    assert password_only.get("/admin/pages/").status_code == 200


def test_requiring_it_takes_effect_for_sessions_already_signed_in(writer):
    client = signed_in_client(writer)
    assert client.get("/admin/pages/").status_code == 200  # remembered: not required
    policy = StaffSignInPolicy.load()
    policy.require_second_factor = True
    policy.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == SET_UP


def test_a_removed_app_no_longer_asks_for_a_code(writer):
    set_up_app(signed_in_client(writer))
    client = signed_in_client(writer)
    assert client.get("/admin/pages/").status_code == 302  # remembered: an app to ask for
    TOTPDevice.objects.filter(user=writer).delete()
    assert client.get("/admin/pages/").status_code == 200


def test_what_a_session_remembers_goes_stale_when_the_cache_loses_it(writer):
    password_only = signed_in_client(writer)
    assert password_only.get("/admin/pages/").status_code == 200
    # A device added behind the signals' back (bulk_create sends none) is seen
    # once the cache loses the tokens (a restart, an eviction): a lost token is
    # a new one, never the old.
    TOTPDevice.objects.bulk_create([TOTPDevice(user=writer, name="App", confirmed=True)])
    cache.clear()
    assert password_only.get("/admin/pages/").status_code == 302


def test_a_mangled_admin_link_too_long_to_return_to_still_leads_to_sign_in(writer):
    """Found by the fuzz suite: Django refuses a ?next= over 16,384 characters (400, ERROR)."""
    mangled = "/admin/pages/search/?q=" + "²" * 3000
    response = Client().get(mangled)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/pages/search/"
    # A session that still owes its code goes to the code page, the query dropped too.
    set_up_app(signed_in_client(writer))
    response = signed_in_client(writer).get(mangled)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2Fsearch%2F"
    # An ordinary address still comes back whole.
    assert Client().get("/admin/pages/search/?q=ferry")["Location"] == (
        "/admin/login/?next=/admin/pages/search/%3Fq%3Dferry"
    )
