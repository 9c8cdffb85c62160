"""A story whose pictures are already made is rendered without writing to the cache."""

from unittest import mock

import pytest
from django.core.cache import caches

from masthead.core.models import NewsRendition
from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db

RENDITION_PREFIX = "wagtail-rendition-"


def render_counting_writes(client, url: str) -> list[str]:
    """Render ``url``; the rendition keys written to the renditions' cache backend meanwhile."""
    backend = NewsRendition.cache_backend
    written: list[str] = []

    def recording(name):
        original = getattr(backend, name)

        def record(*args, **kwargs):
            keys = args[0] if name == "set_many" else [args[0]]
            written.extend(key for key in keys if key.startswith(RENDITION_PREFIX))
            return original(*args, **kwargs)

        return record

    with (
        mock.patch.object(backend, "set", recording("set")),
        mock.patch.object(backend, "set_many", recording("set_many")),
        mock.patch.object(backend, "add", recording("add")),
    ):
        response = client.get(url)
    assert response.status_code == 200
    return written


def test_warm_story_with_pictures_writes_no_renditions(client, section, picture):
    add_article(section, "Older story with a picture", paragraphs=["x"], featured_image=picture)
    story = add_article(
        section,
        "Boats return to the harbour",
        paragraphs=["The fleet came back at dawn."],
        featured_image=picture,
        body=[
            ("image", {"image": picture, "caption": "The old pier", "credit": ""}),
            ("image", {"image": picture, "caption": "The new pier", "credit": ""}),
        ],
    )
    first = render_counting_writes(client, story.url)  # makes the renditions
    assert NewsRendition.objects.exists()
    assert first, "a cold render stores the renditions it made"

    assert render_counting_writes(client, story.url) == []
    caches["default"].clear()  # renditions come from the database, then the cache
    assert render_counting_writes(client, story.url), "found in the database: stored once"
    assert render_counting_writes(client, story.url) == []
