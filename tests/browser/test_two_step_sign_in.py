"""Two-step sign-in walked in a real browser: set up from Account, then sign in with a code.

Screenshots of the set-up page, the backup codes and the code page go to
``test-results/`` to be looked at.
"""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from newsroom_staff import PASSWORD, member, sign_in
from playwright.sync_api import Browser, expect

from masthead.core.roles import WRITERS, ensure_newsroom_roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def app_code(key: bytes, steps_ahead: int = 0) -> str:
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_writer_sets_it_up_and_then_signs_in_with_a_code(
    live_server, home, chromium: Browser, test_results_dir
):
    ensure_newsroom_roles()
    member("tamar", WRITERS)
    context = chromium.new_context(viewport={"width": 1280, "height": 960}, locale="en-US")
    page = context.new_page()
    sign_in(page, live_server.url, "tamar")

    page.goto(live_server.url + "/admin/account/")
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    expect(page.locator("svg.segno")).to_be_visible()
    page.screenshot(path=test_results_dir / "two-step-set-up.png", full_page=True)
    typed = re.sub(r"\s", "", page.locator("code").first.inner_text())
    key = b32decode(typed + "=" * (-len(typed) % 8))
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    assert page.get_by_role("list", name="Backup codes").get_by_role("listitem").count() == 10
    page.screenshot(path=test_results_dir / "two-step-backup-codes.png", full_page=True)

    # Another day, another browser: the password leads to the code page.
    later = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    phone = later.new_page()
    phone.goto(live_server.url + "/admin/pages/")
    phone.get_by_label("Username").fill("tamar")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="Type your sign-in code")).to_be_visible()
    phone.screenshot(path=test_results_dir / "two-step-code-page.png", full_page=True)
    phone.get_by_label("Code").fill("000000")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("alert")).to_contain_text("That code is not right")
    time.sleep(1.1)
    phone.get_by_label("Code").fill(app_code(key, steps_ahead=1))
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/admin/pages/")
    context.close()
    later.close()
