"""A reader signs up under a story, confirms from the mail and unsubscribes, in Chromium.

JavaScript is off for the whole journey: the sign-up must work without it.
The mails go through a real SMTP server; the links in them lead back to the
live server. The pages are checked with axe-core for serious problems.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from newsletter_helpers import link_in
from playwright.sync_api import expect
from wagtail.models import Site

from masthead.news.authoring import add_article, add_section, ensure_news_site
from masthead.newsletters.models import (
    Edition,
    EditionArticle,
    NewsletterList,
    Subscription,
    SubscriptionStatus,
)
from masthead.newsletters.sending import deliver, start_sending

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def serious_violations(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{page.url} {v['id']}: {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def newsroom(live_server, settings, smtp):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    story = add_article(
        add_section(home, "Community"),
        "Library reopens after two-year renovation",
        paragraphs=["The central library reopened its doors on Saturday."],
    )
    NewsletterList.objects.create(
        name="Daily headlines", slug="daily", description="Every morning.", sort_order=1
    )
    NewsletterList.objects.create(name="Weekly digest", slug="weekly", sort_order=2)
    return live_server.url, story


def test_sign_up_confirm_and_unsubscribe_without_javascript(newsroom, smtp, chromium):
    site, story = newsroom
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site + story.url)
        box = page.get_by_role("region", name="Sign up for our newsletters")
        box.get_by_label("Daily headlines").check()
        box.get_by_label("E-mail address").fill("someone@mailinator.com")
        box.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_text("looks like a throwaway address")).to_be_visible()

        page.get_by_label("E-mail address").fill("reader@example.org")
        page.get_by_label("Name (optional)").fill("Ana Reader")
        page.get_by_label("Daily headlines").check()
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

        [mail] = smtp.received
        confirm = link_in(mail.part("plain"), "confirm", base=site)
        page.goto(confirm)
        page.get_by_role("button", name="Yes, subscribe me").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
        subscription = Subscription.objects.get(subscriber__email="reader@example.org")
        assert subscription.status == SubscriptionStatus.ACTIVE
        assert subscription.newsletter.slug == "daily"

        edition = Edition.objects.create(newsletter=subscription.newsletter, subject="Today")
        EditionArticle.objects.create(edition=edition, article=story)
        start_sending(edition.pk)
        deliver(edition.pk)
        edition_mail = smtp.received[-1]
        assert edition_mail.message["Subject"] == "Today"
        unsubscribe = edition_mail.message["List-Unsubscribe"].strip().strip("<>")
        page.goto(unsubscribe)
        page.get_by_role("button", name="Unsubscribe from “Daily headlines”").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
        subscription.refresh_from_db()
        assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
        assert subscription.unsubscribed_at <= timezone.now()
    finally:
        context.close()
    assert_accessible(chromium, site + story.url, confirm, unsubscribe)


def assert_accessible(chromium, article_url: str, *urls: str) -> None:
    """axe-core (which needs JavaScript) on the pages of the journey, errors shown included."""
    context = chromium.new_context()
    page = context.new_page()
    found = []
    try:
        page.goto(article_url)
        found += serious_violations(page)
        page.get_by_label("E-mail address").fill("someone@mailinator.com")
        page.get_by_role("button", name="Subscribe").click()
        expect(page.get_by_text("Choose at least one newsletter.")).to_be_visible()
        found += serious_violations(page)
        for url in urls:
            page.goto(url)
            found += serious_violations(page)
    finally:
        context.close()
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)
