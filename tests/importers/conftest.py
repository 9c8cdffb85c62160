"""Fixtures for the WordPress importer: the Harbour Courier export and its uploads folder."""

from pathlib import Path

import pytest
from PIL import Image
from wordpress_helpers import HARBOUR_EXPORT, run_import

from masthead.news.authoring import ensure_news_site


@pytest.fixture
def site(db):
    return ensure_news_site("The Harbour Courier", "testserver", 80)


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """A copy of wp-content/uploads with two pictures and a PDF; lost.jpg is missing on purpose."""
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    Image.new("RGB", (640, 400), (20, 90, 160)).save(folder / "ferry.jpg")
    Image.new("RGB", (320, 200), (200, 90, 60)).save(folder / "council.png")
    (folder / "budget-report.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return tmp_path / "uploads"


@pytest.fixture
def imported(site, uploads) -> str:
    return run_import(HARBOUR_EXPORT, "--uploads", str(uploads))
