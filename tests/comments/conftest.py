"""A small newsroom with one story open for comments, and helpers that post like a browser."""

import pytest
from story_factory import library_story, staff_writer
from wagtail.models import Site

from masthead.comments.models import CommentSettings


@pytest.fixture
def author(home):
    return staff_writer(email="anahit@gazette.test")


@pytest.fixture
def article(section, author):
    return library_story(
        section, author, paragraphs=["The central library reopened its doors on Saturday."]
    )


@pytest.fixture
def rules(home) -> CommentSettings:
    """The site's comment settings, to change in a test (saved by ``save_rules``)."""
    return CommentSettings.for_site(Site.objects.get(is_default_site=True))
