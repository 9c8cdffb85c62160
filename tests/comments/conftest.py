"""A small newsroom with one story open for comments, and helpers that post like a browser."""

import pytest
from wagtail.models import Site

from masthead.comments.models import CommentSettings
from masthead.news.authoring import add_article, add_author


@pytest.fixture
def author(home):
    return add_author("Anahit Petrosyan", role="Staff writer", email="anahit@gazette.test")


@pytest.fixture
def article(section, author):
    return add_article(
        section,
        "Library reopens after two-year renovation",
        paragraphs=["The central library reopened its doors on Saturday."],
        authors=[author],
    )


@pytest.fixture
def rules(home) -> CommentSettings:
    """The site's comment settings, to change in a test (saved by ``save_rules``)."""
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))
