"""Fixtures for the distribution tests: a small newsroom, pictures and XML helpers."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage

from masthead.core.models import NewsImage
from masthead.news.authoring import add_article, add_author, add_section, ensure_news_site


@pytest.fixture
def home(db):
    return ensure_news_site("The Test Gazette", "testserver", 80)


@pytest.fixture
def section(home):
    return add_section(home, "Community", "Life in our neighbourhoods.")


@pytest.fixture
def author(home):
    return add_author("Anahit Petrosyan", role="Staff writer", email="anahit.private@example.org")


@pytest.fixture
def picture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 1000), (40, 90, 140)).save(buffer, "JPEG")
    return NewsImage.objects.create(
        title="Harbour at dawn",
        description="Fishing boats moored in the harbour at dawn",
        credit="Photo: Test Desk",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="harbour.jpg"),
    )


@pytest.fixture
def article(section, author, picture):
    return add_article(
        section,
        "Library reopens after two-year renovation",
        paragraphs=[
            "The central library reopened its doors on Saturday after a renovation that "
            "doubled its reading rooms, the city's cultural office said.",
            "Volunteers carried the last boxes of books across the square in the morning.",
        ],
        authors=[author],
        tags=["Libraries", "Culture"],
        dateline_place="Stockholm",
        featured_image=picture,
    )


@pytest.fixture
def plain_article(section):
    """A story without picture, authors or tags."""
    return add_article(section, "Council meets on Tuesday", paragraphs=["Agenda inside."])
