"""Fixtures for the distribution tests: a small newsroom, pictures and XML helpers."""

import pytest
from story_factory import TAGS, library_story, staff_writer

from masthead.news.authoring import add_article


@pytest.fixture
def author(home):
    return staff_writer(email="anahit.private@example.org")


@pytest.fixture
def article(section, author, picture):
    return library_story(
        section, author, tags=TAGS, dateline_place="Stockholm", featured_image=picture
    )


@pytest.fixture
def plain_article(section):
    """A story without picture, authors or tags."""
    return add_article(section, "Council meets on Tuesday", paragraphs=["Agenda inside."])
