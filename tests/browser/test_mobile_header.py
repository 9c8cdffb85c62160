"""On a phone the masthead, the sections and search fit in about a fifth of the first screen.

The sections scroll sideways in one row instead of wrapping onto three, with
no script; a keyboard user tabbing along them sees each one come into view.
With ``MASTHEAD_GUIDE_SCREENSHOTS=1`` the screenshots at 390 and 1280 px go to
``docs/images/`` (the reader header, as the docs show it).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from masthead.news.authoring import add_article, add_section, ensure_news_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
SECTIONS = ["News", "Community", "Politics", "Culture", "Opinion", "Diaspora", "Sport"]


@pytest.fixture
def story_url(live_server) -> str:
    home = ensure_news_site("The Meridian Weekly", "localhost", 80)
    sections = [add_section(home, name) for name in SECTIONS]
    story = add_article(sections[2], "Council approves the budget", paragraphs=["By 34 to 18."])
    return live_server.url + story.url


def screenshot_folder(test_results_dir: Path) -> Path:
    return DOCS_IMAGES if os.environ.get("MASTHEAD_GUIDE_SCREENSHOTS") else test_results_dir


def test_the_phone_header_is_compact_and_every_section_is_reachable(
    story_url, chromium, test_results_dir
):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.goto(story_url)
    header = page.locator("header.masthead").bounding_box()
    assert header["height"] <= 0.21 * 844, header
    assert page.evaluate("document.documentElement.scrollWidth") == 390  # no sideways page
    expect(page.get_by_role("searchbox", name="Search stories")).to_be_visible()

    last = page.get_by_role("navigation", name="Sections").get_by_role("link", name=SECTIONS[-1])
    expect(last).not_to_be_in_viewport()  # the row scrolls: it starts off-screen
    for _ in ["skip link", "site name", *SECTIONS]:
        page.keyboard.press("Tab")
    expect(last).to_be_focused()
    expect(last).to_be_in_viewport()
    page.screenshot(path=str(screenshot_folder(test_results_dir) / "reader-header-390.png"))
    context.close()


def test_the_desktop_header_is_unchanged_in_one_row(story_url, chromium, test_results_dir):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(story_url)
    links = page.get_by_role("navigation", name="Sections").get_by_role("link")
    tops = {round(links.nth(n).bounding_box()["y"]) for n in range(links.count())}
    assert len(tops) == 1  # every section on one line
    expect(page.get_by_role("searchbox", name="Search stories")).to_be_visible()
    page.screenshot(path=str(screenshot_folder(test_results_dir) / "reader-header-1280.png"))
    context.close()
