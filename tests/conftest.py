"""Fixtures shared by the whole test suite.

Kept deliberately small: anything one test module alone needs lives in that module.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, installed by scripts/ensure-chromium.sh: Playwright's own
# browser download needs network access the test machines do not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEST_RESULTS_DIR = Path(__file__).resolve().parent.parent / "test-results"


def pytest_configure(config: pytest.Config) -> None:
    """Send uploaded files to a throwaway folder for the whole run, never to var/media.

    This is done once, before any test runs, rather than per test with the
    ``settings`` fixture: ``masthead.urls`` binds MEDIA_ROOT into its media view
    when first imported, so the live server only serves files from the folder
    that was MEDIA_ROOT at that moment.
    """
    from django.conf import settings

    media_root = Path(tempfile.mkdtemp(prefix="masthead-test-media-"))
    settings.MEDIA_ROOT = media_root
    config.add_cleanup(lambda: shutil.rmtree(media_root, ignore_errors=True))

    # The shared cache in a throwaway folder too, never var/cache of the checkout.
    # Tests change rows behind the page cache's back (queryset updates, fixtures
    # rolled back), so it is off unless a test turns it on: tests/caching does.
    if settings.CACHES["default"]["BACKEND"] == "masthead.caching.embedded.EmbeddedCache":
        cache_dir = Path(tempfile.mkdtemp(prefix="masthead-test-cache-"))
        settings.CACHES["default"]["LOCATION"] = str(cache_dir)
        config.add_cleanup(lambda: shutil.rmtree(cache_dir, ignore_errors=True))
    settings.MASTHEAD_PAGE_CACHE = False
    # Per-address limits likewise: one test client is one address, and many tests
    # send more searches than a reader would. Tests of the limits set them.
    settings.MASTHEAD_SEARCH_LIMIT = 0
    settings.MASTHEAD_READER_LIMIT = 0


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    """Start every test with empty caches.

    Django's in-memory cache outlives a test, while the rows behind its entries
    are rolled back; a later test that gets the same primary keys would read
    stale entries (Wagtail caches image renditions by image id, for one).
    """
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def chromium() -> Iterator:
    """A headless Chromium driven by Playwright's sync API, for one test.

    Playwright's sync API keeps an asyncio loop running in the test thread while
    the browser is open. That has two effects on Django, both handled here:

    * Django refuses database calls from a thread with a running loop unless
      DJANGO_ALLOW_ASYNC_UNSAFE is set; it is set only while the browser is open.
    * With a loop running, Django hands the thread separate database
      connections. Starting the browser per test, after pytest-django's database
      setup (tests using ``live_server`` always get that first), keeps the
      test's setup and teardown, serialized rollback included, on the usual
      connections; the extra ones are closed before the loop stops.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def test_results_dir() -> Path:
    """``test-results/`` at the top of the checkout (gitignored), for screenshots."""
    TEST_RESULTS_DIR.mkdir(exist_ok=True)
    return TEST_RESULTS_DIR


# A small newsroom, shared by every app's tests: its home page and one section.
@pytest.fixture
def home(db):
    from masthead.news.authoring import ensure_news_site

    return ensure_news_site("The Test Gazette", "testserver", 80)


@pytest.fixture
def section(home):
    from masthead.news.authoring import add_section

    return add_section(home, "Community", "Life in our neighbourhoods.")


@pytest.fixture
def picture(settings, tmp_path):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage

    from masthead.core.models import NewsImage

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 1000), (40, 90, 140)).save(buffer, "JPEG")
    return NewsImage.objects.create(
        title="Harbour at dawn",
        description="Fishing boats moored in the harbour at dawn",
        credit="Photo: Test Desk",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="harbour.jpg"),
    )
