"""Fixtures for the newsletter tests: a newsroom, lists, and a real SMTP server."""

import pytest
from newsletter_helpers import SMTPSink, mail_through

from masthead.news.authoring import add_article
from masthead.newsletters.models import Cadence, NewsletterList


@pytest.fixture
def smtp(settings):
    """Mail goes through Django's SMTP backend to an aiosmtpd server started for the test."""
    with SMTPSink() as sink:
        mail_through(settings, sink)
        yield sink


@pytest.fixture(autouse=True)
def public_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    settings.NEWSLETTER_FROM_EMAIL = "news@gazette.example.org"


@pytest.fixture
def daily(db):
    return NewsletterList.objects.create(
        name="Daily headlines",
        slug="daily-headlines",
        description="Every morning.",
        cadence=Cadence.DAILY,
        send_hour=7,
        sort_order=1,
    )


@pytest.fixture
def breaking(db):
    return NewsletterList.objects.create(
        name="Breaking news",
        slug="breaking-news",
        cadence=Cadence.IMMEDIATE,
        only_tag="Breaking",
        sort_order=2,
    )


@pytest.fixture
def story(section):
    return add_article(
        section,
        "Library reopens after two-year renovation",
        paragraphs=["The central library reopened on Saturday.", "Volunteers carried books."],
        dateline_place="Stockholm",
    )
