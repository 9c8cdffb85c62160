"""Passkeys as a second factor: the pages around django-otp-webauthn's ceremonies.

The ceremonies themselves need a browser and an authenticator; the test at the
end drives Chromium with the DevTools Protocol's virtual authenticator through
adding a passkey and signing in with it. Screenshots go to ``test-results/``.
"""

import base64
import json
import re
import secrets

import pytest
from django.test import Client
from django.utils import timezone
from django_otp_webauthn.models import WebAuthnCredential
from newsroom_staff import PASSWORD, member, sign_in, verified_by_passkey
from playwright.sync_api import Browser, expect

from masthead.accounts import second_factor
from masthead.accounts.models import StaffSignInPolicy
from masthead.accounts.relying_party import relying_party
from masthead.core.roles import WRITERS, ensure_newsroom_roles

SET_UP = "/admin/account/two-step/"
VERIFY = "/admin/account/verify/"
BEGIN_SIGN_IN = "/admin/account/passkeys/authentication/begin/"
BEGIN_REGISTRATION = "/admin/account/passkeys/registration/begin/"


@pytest.mark.parametrize(
    ("address", "party"),
    [
        ("http://127.0.0.1:8000", ("localhost", ["http://localhost:8000"])),
        ("http://localhost:8123/", ("localhost", ["http://localhost:8123"])),
        ("http://[::1]:8000", ("localhost", ["http://localhost:8000"])),
        ("https://news.example.org", ("news.example.org", ["https://news.example.org"])),
        ("https://News.Example.org:8443/", ("news.example.org", ["https://news.example.org:8443"])),
        # Browsers refuse passkeys on these: none rather than ones that fail.
        ("http://news.example.org", ("", [])),
        ("https://203.0.113.5", ("", [])),
    ],
)
def test_passkeys_belong_to_the_domain_of_the_sites_address(address, party):
    assert relying_party(address) == party


@pytest.fixture
def at_testserver(settings):
    """The test client's address as the site's own, where the pages offer passkeys."""
    settings.OTP_WEBAUTHN_RP_ID = "testserver"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://testserver"]


@pytest.fixture
def writer(home, at_testserver):
    ensure_newsroom_roles()
    return member("wanda", WRITERS)


def add_passkey(user, name: str, **fields) -> WebAuthnCredential:
    """A passkey as the library saves one (its key is never checked by these tests)."""
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        credential_id=secrets.token_bytes(32),
        public_key=secrets.token_bytes(77),
        confirmed=True,
        **fields,
    )


def signed_in_client(user, **kwargs) -> Client:
    """Signed in through the admin's form, its CSRF token included for a strict client."""
    client = Client(**kwargs)
    token = csrf_token(client.get("/admin/login/").content.decode())
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    return client


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_the_page_lists_only_ones_own_passkeys_with_name_and_last_use(writer):
    used = timezone.now().replace(year=2031, month=3, day=4, hour=9, minute=30)
    add_passkey(writer, "Work laptop", last_used_at=used)
    add_passkey(writer, "Blue security key")
    add_passkey(member("olga", WRITERS), "Olga's phone")
    client = signed_in_client(writer)
    # The passkeys count as a second factor: this session has not passed it.
    assert client.get(SET_UP).status_code == 302
    page = verified_by_passkey(client, writer).get(SET_UP).content.decode()
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>.*?<td>.*?</td>\s*<td>(.*?)</td>", page, re.S)
    assert rows == [("Work laptop", "4 March 2031, 09:30"), ("Blue security key", "Not yet")]
    assert "Olga" not in page
    assert 'aria-label="Remove the passkey “Blue security key”"' in page
    assert "Two-step sign-in is on." in page


@pytest.mark.django_db
def test_adding_one_asks_its_name_then_offers_the_browsers_dialog(writer):
    client = signed_in_client(writer)
    page = client.get(SET_UP).content.decode()
    assert "Add a passkey" in page and "Name of the passkey" in page
    refused = client.post(SET_UP, {"action": "add_passkey", "name": "  "})
    assert refused.status_code == 400
    response = client.post(SET_UP, {"action": "add_passkey", "name": "Work laptop"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Add the passkey “Work laptop”" in page
    assert 'id="passkey-register-button"' in page
    # The library's script is a file; its settings a JSON element, which never runs.
    config = re.search(
        r'<script id="otp_webauthn_config" type="application/json">(.*?)</script>', page
    )
    assert json.loads(config.group(1))["beginRegistrationUrl"] == BEGIN_REGISTRATION
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert all(
        "src=" in attributes or "application/json" in attributes
        for attributes, body in scripts
        if body.strip()
    ), "an inline script"
    assert "django_otp_webauthn/otp_webauthn_register.js" in page
    assert "accounts/passkeys.js" in page
    assert client.session["masthead_passkey_name"] == "Work laptop"
    # The ceremony's first step answers with the site as the relying party.
    options = client.post(BEGIN_REGISTRATION).json()
    assert options["rp"] == {"name": "Masthead", "id": "testserver"}


@pytest.mark.django_db
def test_passkeys_are_not_offered_at_an_address_where_browsers_refuse_them(writer, settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000"]
    client = signed_in_client(writer)
    page = client.get(SET_UP).content.decode()
    assert 'value="add_passkey"' not in page
    assert 'href="http://localhost:8000/admin/account/two-step/"' in page
    assert client.post(SET_UP, {"action": "add_passkey", "name": "X"}).status_code == 400


@pytest.mark.django_db
def test_removing_one_takes_a_confirmed_post_with_its_csrf_token(writer):
    laptop = add_passkey(writer, "Work laptop")
    key = add_passkey(writer, "Blue security key")
    client = verified_by_passkey(signed_in_client(writer, enforce_csrf_checks=True), writer)
    confirmation = client.get(SET_UP, {"remove": laptop.pk})
    assert confirmation.status_code == 200
    assert "Remove the passkey “Work laptop”?" in confirmation.content.decode()
    assert WebAuthnCredential.objects.filter(pk=laptop.pk).exists()  # a GET removes nothing
    forged = client.post(SET_UP, {"action": "remove_passkey", "passkey": laptop.pk})
    assert forged.status_code == 403
    token = csrf_token(confirmation.content.decode())
    response = client.post(
        SET_UP, {"action": "remove_passkey", "passkey": laptop.pk, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == SET_UP
    assert list(WebAuthnCredential.objects.filter(user=writer)) == [key]
    assert "is removed" in client.get(SET_UP).content.decode()


@pytest.mark.django_db
def test_nobody_sees_or_removes_another_persons_passkey(writer):
    add_passkey(writer, "Mine")
    theirs = add_passkey(member("olga", WRITERS), "Olga's phone")
    client = verified_by_passkey(signed_in_client(writer), writer)
    assert client.get(SET_UP, {"remove": theirs.pk}).status_code == 404
    assert client.get(SET_UP, {"remove": "1e3"}).status_code == 404
    assert (
        client.post(SET_UP, {"action": "remove_passkey", "passkey": theirs.pk}).status_code == 404
    )
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_after_the_password_a_passkey_or_a_code_is_asked_for(writer):
    add_passkey(writer, "Work laptop")
    client = signed_in_client(writer)
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Use a passkey" in page and 'id="passkey-next" value="/admin/pages/"' in page
    assert "django_otp_webauthn/otp_webauthn_auth.js" in page
    # Passkeys only, no backup codes: there is no code to type.
    assert 'name="code"' not in page
    # The ceremony's first step is open to this session; adding a passkey is not.
    options = client.post(BEGIN_SIGN_IN).json()
    assert options["rpId"] == "testserver" and len(options["allowCredentials"]) == 1
    assert client.post(BEGIN_REGISTRATION).status_code == 302
    # With backup codes the code form comes back, beside the passkey.
    second_factor.new_backup_codes(writer)
    page = client.get(VERIFY).content.decode()
    assert "Use a passkey" in page and "Or type a code" in page and 'name="code"' in page


@pytest.mark.django_db
def test_a_passkey_never_signs_in_without_the_password(writer):
    add_passkey(writer, "Work laptop")
    response = Client().post(BEGIN_SIGN_IN)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_when_required_a_passkey_counts_and_the_last_one_stays(writer):
    StaffSignInPolicy.objects.update_or_create(pk=1, defaults={"require_second_factor": True})
    password_only = signed_in_client(writer)
    assert password_only.get("/admin/pages/")["Location"] == SET_UP
    # Someone who must set it up may add a passkey as their second factor.
    assert password_only.post(BEGIN_REGISTRATION).status_code == 200
    only = add_passkey(writer, "Work laptop")
    client = signed_in_client(writer)
    assert client.get("/admin/pages/")["Location"].startswith(VERIFY)  # not to the set-up page
    verified_by_passkey(client, writer)
    assert client.get("/admin/pages/").status_code == 200
    client.post(SET_UP, {"action": "remove_passkey", "passkey": only.pk})
    assert WebAuthnCredential.objects.filter(pk=only.pk).exists()


@pytest.mark.django_db
def test_turning_it_off_removes_the_passkeys_too(writer):
    add_passkey(writer, "Work laptop")
    codes = second_factor.new_backup_codes(writer)
    client = verified_by_passkey(signed_in_client(writer), writer)
    client.post(SET_UP, {"action": "turn_off", "code": codes[0]})
    assert not WebAuthnCredential.objects.filter(user=writer).exists()
    assert not second_factor.is_set_up(writer)


VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}
# Every page's Content-Security-Policy violations, reported out of the page.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation(`${location.pathname}: ${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_writer_adds_a_passkey_and_signs_in_with_it(
    live_server, home, chromium: Browser, test_results_dir, settings
):
    # WebAuthn needs a secure context: http://localhost is one, and the live server's host.
    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    ensure_newsroom_roles()
    writer = member("pia", WRITERS)
    context = chromium.new_context(viewport={"width": 1280, "height": 960}, locale="en-US")
    violations: list[str] = []
    context.expose_function("reportViolation", lambda text: violations.append(text))
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR}
    )["authenticatorId"]

    sign_in(page, live_server.url, "pia")
    page.goto(live_server.url + SET_UP)
    page.get_by_label("Name of the passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Add the passkey “Work laptop”")).to_be_visible()
    create = page.get_by_role("button", name="Create the passkey")
    expect(create).to_be_visible()
    page.screenshot(path=test_results_dir / "passkey-add.png", full_page=True)
    create.click()
    page.wait_for_url(f"**{SET_UP}")
    expect(page.get_by_text("Your passkey is added.")).to_be_visible()
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    # The admin scrolls its main column, not the page: bring the list into view.
    page.get_by_role("heading", name="Passkeys").scroll_into_view_if_needed()
    page.screenshot(path=test_results_dir / "passkey-list.png")
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )
    assert WebAuthnCredential.objects.get(user=writer).name == "Work laptop"

    # Sign out, as the sidebar's "Log out" does: a POST with the page's CSRF token.
    page.evaluate(
        """async () => {
            const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
            await fetch("/admin/logout/", {method: "POST", headers: {"X-CSRFToken": token}});
        }"""
    )
    page.goto(live_server.url + "/admin/pages/")
    page.get_by_label("Username").fill("pia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    use_passkey = page.get_by_role("button", name="Use a passkey")
    expect(use_passkey).to_be_visible()
    page.screenshot(path=test_results_dir / "passkey-verify.png", full_page=True)
    use_passkey.focus()  # by keyboard, as much as by mouse
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/pages/")
    expect(page.get_by_role("heading", name="Exploring: Root")).to_be_visible()
    assert WebAuthnCredential.objects.get(user=writer).last_used_at is not None

    assert not violations, violations
    assert not errors, errors
    context.close()


def credential_signed_by_nobody(kind: str, **response) -> str:
    """What a broken or forged authenticator sends: well formed, for a challenge never issued."""
    encode = lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")  # noqa: E731
    client_data = {
        "type": kind,
        "challenge": encode(b"never issued"),
        "origin": "http://testserver",
    }
    return json.dumps(
        {
            "id": encode(b"k" * 32),
            "rawId": encode(b"k" * 32),
            "type": "public-key",
            "response": {"clientDataJSON": encode(json.dumps(client_data).encode()), **response},
            "clientExtensionResults": {},
        }
    )


@pytest.mark.django_db
def test_a_credential_that_fails_its_check_is_refused_with_a_warning_not_an_error(writer, caplog):
    """Found by the fuzz suite: the library logged each refused passkey at ERROR, which pages."""
    client = signed_in_client(writer)
    assert client.post(BEGIN_REGISTRATION).status_code == 200
    caplog.clear()
    response = client.post(
        "/admin/account/passkeys/registration/complete/",
        credential_signed_by_nobody("webauthn.create", attestationObject="oWNmbXRkbm9uZQ"),
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_registration_response"
    assert not WebAuthnCredential.objects.filter(user=writer).exists()
    refusals = [record for record in caplog.records if record.name == "masthead.accounts"]
    assert [record.levelname for record in refusals] == ["WARNING"]
    assert "challenge" in refusals[0].getMessage() and "wanda" in refusals[0].getMessage()
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


@pytest.mark.django_db
def test_a_ceremony_body_that_is_not_text_is_refused_as_malformed(writer, caplog):
    """Found by the fuzz suite: JSON bytes that are no UTF-8 made a 500."""
    add_passkey(writer, "Work laptop")
    client = signed_in_client(writer)  # at the code page: the sign-in ceremony is open
    for step in (BEGIN_SIGN_IN, "/admin/account/passkeys/authentication/complete/"):
        response = client.post(step, b"\xff\xfe\x00", "application/json")
        assert response.status_code == 400, step
        assert response.json()["code"] == "malformed_request"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
