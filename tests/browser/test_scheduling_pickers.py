"""The schedule pickers, opened in Chromium: minutes to choose, and the time zone said.

Screenshots of the opened pickers go to test-results/.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from newsroom_staff import sign_in
from playwright.sync_api import Page, expect
from wagtail.models import Site

from masthead.news.authoring import add_article, add_section, ensure_news_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def newsroom(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.TIME_ZONE = "Europe/Stockholm"
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    story = add_article(
        add_section(home, "Community"),
        "Council votes on budget",
        paragraphs=["The council meets on Tuesday."],
        publish=False,
    )
    get_user_model().objects.create_superuser("chief", "chief@gazette.test", "pw-for-pickers")
    return live_server.url, story


def signed_in(chromium, site: str) -> Page:
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, site, "chief", "pw-for-pickers")
    return page


def test_go_live_picker_offers_minutes_and_names_the_time_zone(
    newsroom, chromium, test_results_dir
):
    site, story = newsroom
    page = signed_in(chromium, site)
    page.goto(f"{site}/admin/pages/{story.pk}/edit/")
    # The "Set schedule" link sits in the status side panel.
    page.locator('[data-a11y-dialog-show="schedule-publishing-dialog"]').first.dispatch_event(
        "click"
    )
    dialog = page.locator("#schedule-publishing-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Europe/Stockholm time zone")
    dialog.locator("input[name=go_live_at]").click()
    picker = dialog.locator(".xdsoft_datetimepicker").first
    expect(picker).to_be_visible()
    # Every five minutes, not whole hours only.
    expect(picker.locator('.xdsoft_time[data-hour="9"][data-minute="5"]')).to_have_count(1)
    page.screenshot(path=str(test_results_dir / "go-live-picker.png"))
    # The open picker takes room under its field: the next field and the dialog's
    # Save button are pushed down, not covered.
    box = picker.bounding_box()
    for other in (
        dialog.locator("input[name=expire_at]"),
        dialog.get_by_role("button", name="Save schedule"),
    ):
        assert other.bounding_box()["y"] >= box["y"] + box["height"]


def test_newsletter_send_at_opens_a_picker_and_names_the_time_zone(
    newsroom, chromium, test_results_dir
):
    from masthead.newsletters.models import Edition, NewsletterList

    site, _ = newsroom
    daily = NewsletterList.objects.create(name="Daily headlines", slug="daily", sort_order=1)
    edition = Edition.objects.create(newsletter=daily, subject="Weekend reading", intro="Hello.")
    page = signed_in(chromium, site)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + reverse("newsletters_admin:send", args=[edition.pk]))
    expect(page.locator("#id_send_at_helptext")).to_contain_text("Europe/Stockholm time zone")
    page.get_by_label("Send at").click()
    picker = page.locator(".xdsoft_datetimepicker").first
    expect(picker).to_be_visible()
    expect(picker.locator('.xdsoft_time[data-hour="9"][data-minute="5"]')).to_have_count(1)
    page.screenshot(path=str(test_results_dir / "newsletter-send-at-picker.png"))
    box = picker.bounding_box()
    schedule_button = page.get_by_role("button", name="Schedule").bounding_box()
    assert schedule_button["y"] >= box["y"] + box["height"]
    assert not errors
