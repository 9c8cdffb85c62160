from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.news.authoring import add_article, add_author, add_section


@pytest.fixture(autouse=True)
def discovery_folder(settings, tmp_path):
    """The story-vector file goes to a throwaway folder; tasks run as soon as queued."""
    settings.MASTHEAD_DISCOVERY_DIR = str(tmp_path / "discovery")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path / "discovery"


@pytest.fixture
def sections(home):
    return {name: add_section(home, name) for name in ("Community", "Culture", "Sport")}


@pytest.fixture
def author(home):
    return add_author("Anahit Petrosyan", role="Staff writer")


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def story(sections, now):
    """Make a published story: ``story("Headline", "body words", section="Sport", days_ago=3)``."""

    def make(title, body, *, section="Community", days_ago=1, publish=True, **fields):
        return add_article(
            sections[section],
            title,
            paragraphs=[body],
            published_at=now - timedelta(days=days_ago) if publish else None,
            publish=publish,
            **fields,
        )

    return make
