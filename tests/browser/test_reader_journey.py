"""A reader's journey through the newsroom, in a real Chromium.

The reader opens the home page, clicks through to a story and sees what a news
story must show: headline, byline, date, dateline, tags and share links. The
same pages are checked with axe-core for serious accessibility problems, and the
story is read once more with JavaScript off, since Masthead's pages must not
need it. Screenshots land in ``test-results/`` for people to look at.
"""

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect
from wagtail.models import Site

from masthead.news.models import ARTICLES_PER_HOME_PAGE, ArticlePage

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test wrote, so the data must be committed,
    # and every such test ends by emptying the database. serialized_rollback
    # puts back what the migrations made (Wagtail's root page and default Site)
    # before each test, which the demo builds on.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERIOUS_IMPACTS = {"serious", "critical"}
SHARE_TARGETS = ["Email", "X", "Facebook", "WhatsApp", "Telegram"]


# The newsroom ----------------------------------------------------------------


def serve_site_at(url: str) -> None:
    """Make the default Site the live server, so absolute URLs (share links) point at it."""
    parts = urlsplit(url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = parts.hostname, parts.port
    site.save()


def story_to_follow() -> ArticlePage:
    """The newest story on the home page that has everything a reader should see."""
    for article in ArticlePage.objects.live().order_by("-first_published_at", "-pk")[
        :ARTICLES_PER_HOME_PAGE
    ]:
        if article.dateline and article.credited_authors and article.tags.exists():
            return article
    raise AssertionError("No story on the home page has a dateline, authors and tags.")


@pytest.fixture
def newsroom(live_server) -> str:
    """The demo newsroom, as ``make run`` shows it, served by the live server.

    Returns the server's address. Uploaded pictures go to the throwaway
    MEDIA_ROOT that tests/conftest.py sets for the whole run.
    """
    call_command("demo", verbosity=0)
    serve_site_at(live_server.url)
    return live_server.url


@pytest.fixture
def reader(chromium) -> Page:
    """A browser tab the size of a laptop screen."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    yield context.new_page()
    context.close()


# What a reader must see ------------------------------------------------------


def show_all_images(page: Page) -> None:
    """Load lazy images too, so the full-page screenshot shows what a scrolling reader sees."""
    page.evaluate("for (const image of document.images) image.loading = 'eager'")
    # A promise rather than wait_for_function: that one evaluates a string, which
    # the reader pages' Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    page.evaluate(
        "Promise.all([...document.images].filter(i => !i.complete).map("
        "i => new Promise(done => { i.addEventListener('load', done);"
        " i.addEventListener('error', done); })))"
    )


def assert_images_loaded(page: Page) -> None:
    """Every picture on the page arrived: none shows as a broken image."""
    show_all_images(page)
    broken = page.evaluate(
        "[...document.images].filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src)"
    )
    assert not broken, f"Broken images on {page.url}: {broken}"


def assert_story_page(page: Page, article: ArticlePage) -> None:
    """Headline and byline: what must show with or without JavaScript."""
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    byline = page.locator("article header p").filter(has_text=re.compile(r"^\s*By\s"))
    expect(byline).to_have_text(article.byline)


def readable_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def screenshot(page: Page, folder: Path, name: str) -> None:
    show_all_images(page)
    page.screenshot(path=str(folder / f"reader-journey-{name}.png"), full_page=True)


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one readable line each."""
    violations = Axe().run(page).response["violations"]
    lines = []
    for violation in violations:
        if violation["impact"] not in SERIOUS_IMPACTS:
            continue
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        lines.append(
            f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({len(violation['nodes'])} elements, e.g. {targets})"
        )
    return lines


# The journey -----------------------------------------------------------------
#
# One test, in steps: building the demo and drawing its pictures' renditions
# takes most of the time, so every step reuses what the first one made.


def open_home_and_follow(page: Page, site: str, article: ArticlePage, results: Path) -> None:
    response = page.goto(site + "/")
    assert response.status == 200
    assert_images_loaded(page)
    screenshot(page, results, "home")
    page.get_by_role("link", name=article.title, exact=True).first.click()
    expect(page).to_have_url(site + article.url)


def check_story(page: Page, site: str, article: ArticlePage, results: Path) -> None:
    """Everything the reader of a story must see, from headline to share links."""
    assert_story_page(page, article)

    published = page.locator("article header time").first
    expect(published).to_have_text(readable_date(article.first_published_at))
    # To the second: the HTML checker refuses more than three digits of a second.
    assert datetime.fromisoformat(published.get_attribute("datetime")) == (
        article.first_published_at.replace(microsecond=0)
    )

    first_paragraph = page.locator(".article__body p").first
    expect(first_paragraph).to_contain_text(article.dateline)
    assert first_paragraph.inner_text().startswith(f"{article.dateline} ")

    tag_links = page.locator("a[rel=tag]")
    assert sorted(tag_links.all_inner_texts()) == sorted(tag.name for tag in article.tags.all())

    share = page.get_by_role("region", name="Share this story")
    expect(share.get_by_role("link")).to_have_text(SHARE_TARGETS)
    for link in share.get_by_role("link").all():
        assert quote(site + article.url, safe="") in link.get_attribute("href")
    expect(share.get_by_label("Link to this story")).to_have_value(site + article.url)

    assert_images_loaded(page)
    screenshot(page, results, "article")

    tag_links.first.click()
    expect(page.get_by_role("link", name=article.title, exact=True)).to_be_visible()


def read_without_javascript(browser, site: str, article: ArticlePage) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(site + article.url)
        assert response.status == 200
        assert_story_page(page, article)
    finally:
        context.close()


def check_accessibility(page: Page, site: str, article: ArticlePage) -> None:
    pages = {
        "home page": ("/", 200),
        "article": (article.url, 200),
        "section page": (article.get_parent().url, 200),
        "404 page": ("/no-such-page-anywhere/", 404),
    }
    found = []
    for name, (path, status) in pages.items():
        response = page.goto(site + path)
        assert response.status == status, f"The {name} answered {response.status}"
        found += serious_violations(page)
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def test_reader_journey(newsroom, reader, chromium, test_results_dir):
    article = story_to_follow()
    open_home_and_follow(reader, newsroom, article, test_results_dir)
    check_story(reader, newsroom, article, test_results_dir)
    read_without_javascript(chromium, newsroom, article)
    check_accessibility(reader, newsroom, article)
