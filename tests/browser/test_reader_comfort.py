"""Reader comfort: 200 % zoom, dark pages, reduced motion, in a real Chromium.

* **200 % zoom.** A reader who zooms a 1280 × 800 window to 200 % gets a layout
  viewport of 640 × 400 CSS pixels with two device pixels to each CSS pixel:
  that is what browser zoom does (``innerWidth`` becomes 640, media queries see
  640 px, ``devicePixelRatio`` becomes 2). A 640 × 400 viewport with
  ``device_scale_factor=2`` is therefore the same page the zoomed reader sees,
  not an approximation by CSS ``zoom`` or a transform (which would leave media
  queries at 1280 px). At that size the story and the home page must not
  scroll sideways, no text may be clipped, and the headline, body, comments and
  reply form (the home page's masthead, lead story, cards and footer) must sit
  inside the window without overlapping one another (WCAG 1.4.4 and 1.4.10).
* **Dark.** With ``prefers-color-scheme: dark`` every reader page (home,
  section, story with comments and with the reply form open, author, tag,
  search with and without results, newsletter sign-up, 404, 500, the 503 page
  and the embed card) is dark, and axe-core finds no serious or critical
  problem there, colour contrast included; the same pages are checked in the
  light scheme too. Pictures keep their colours and focus outlines stay visible.
* **Reduced motion.** With ``prefers-reduced-motion: reduce`` nothing scrolls
  smoothly and nothing has a transition or an animation.

With ``MASTHEAD_GUIDE_SCREENSHOTS=1`` the story's first screen at 390 and 1280 px,
light and dark, goes to ``docs/images/`` (docs/reader-pages.md shows them);
otherwise to ``test-results/``.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.images import ImageFile
from django.template.loader import get_template
from django.test import RequestFactory
from PIL import Image as PillowImage
from playwright.sync_api import Page
from story_factory import conversation, furnished_story
from test_reader_journey import show_all_images
from wagtail.models import Site

from masthead.core.models import NewsImage, NewsroomSettings
from masthead.news.authoring import add_article, add_author, add_section, ensure_news_site
from masthead.newsletters.models import NewsletterList
from masthead.operations.unavailable import unavailable_response

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
SERIOUS_IMPACTS = {"serious", "critical"}
# The dark scheme's background and focus colour (site.css, prefers-color-scheme: dark).
DARK_BACKGROUND = "rgb(18, 18, 18)"
DARK_FOCUS = "rgb(138, 180, 248)"


@pytest.fixture
def newsroom(live_server) -> dict[str, str]:
    """A story with what real ones carry, and the addresses of the pages to look at."""
    home = ensure_news_site("The Meridian Weekly")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.tagline = "News from the harbour towns"
    newsroom.save()
    sections = [add_section(home, name) for name in ("News", "Community", "Politics", "Culture")]
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 1000), (40, 90, 140)).save(buffer, "JPEG")
    picture = NewsImage.objects.create(
        title="Harbour at dawn",
        description="Fishing boats moored in the harbour at dawn",
        credit="Photo: Test Desk",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="harbour.jpg"),
    )
    author = add_author("Anahit Petrosyan", role="Staff writer", bio="Covers the council.")
    long_paragraph = (
        "<p>The central library reopened on Saturday after a renovation that took two years, "
        "with a reading room twice the size of the old one, a children's floor and "
        "a café run by the volunteers who kept the mobile library going meanwhile.</p>"
    )
    story = furnished_story(
        sections[1],
        author,
        picture,
        "Library reopens after a two-year renovation of the Kumayri reading rooms",
        [long_paragraph] * 3,
    )
    for number, section in enumerate(sections):
        add_article(section, f"Council approves budget number {number}", paragraphs=["34 to 18."])
    approved = conversation(story, reply="Agreed! " * 30)
    NewsletterList.objects.create(name="Daily headlines", slug="daily", description="Mornings.")
    return {
        "home": "/",
        "section": sections[1].url,
        "story": story.url,
        "story-replying": f"{story.url}?replytocom={approved.pk}#respond",
        "author": author.url,
        "tag": f"/tags/{story.tags.first().slug}/",
        "search-results": "/search/?q=library",
        "search-nothing": "/search/?q=zzyzx",
        "newsletter-signup": "/newsletters/",
        "not-found": "/no-such-page/",
        "embed-card": f"/embed/{story.pk}/",
    }


def screenshot_folder(test_results_dir: Path) -> Path:
    return DOCS_IMAGES if os.environ.get("MASTHEAD_GUIDE_SCREENSHOTS") else test_results_dir


def serious_violations(page: Page, name: str) -> list[str]:
    lines = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in SERIOUS_IMPACTS:
            targets = ", ".join(
                " ".join(map(str, node["target"])) for node in violation["nodes"][:5]
            )
            lines.append(f"{name} [{violation['impact']}] {violation['id']}: {targets}")
    return lines


# 200 % zoom ------------------------------------------------------------------

# Elements whose content is cut off: they hide what overflows and hold more than
# they show. Scrolling boxes (the sections row, wide tables) are not cut: their
# content is reachable; so is a form field's (the share link scrolls inside its
# box, as every text field does). Visually hidden labels (1 px) are for screen readers.
CLIPPED_TEXT = """() => [...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  if (e.clientWidth <= 1 || s.display === 'none' || s.visibility === 'hidden') return false;
  if (e.matches('input, textarea, select')) return false;
  const cutX = ['hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
  const cutY = ['hidden', 'clip'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
  return cutX || cutY;
}).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


def boxes(page: Page, selectors: list[str]) -> list[tuple[str, dict]]:
    found = []
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box is not None, f"{selector} is not rendered"
        found.append((selector, box))
    return found


def assert_fits_without_overlap(page: Page, selectors: list[str], width: int) -> None:
    """Each element inside the window's width, and each below the one before it."""
    placed = boxes(page, selectors)
    for selector, box in placed:
        assert box["x"] >= -0.5 and box["x"] + box["width"] <= width + 0.5, (selector, box)
        assert box["width"] > 0 and box["height"] > 0, (selector, box)
    for (above, upper), (below, lower) in zip(placed, placed[1:], strict=False):
        assert upper["y"] + upper["height"] <= lower["y"] + 0.5, (above, upper, below, lower)


def assert_readable_at_zoom(page: Page, width: int) -> None:
    assert page.evaluate("window.innerWidth") == width
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways page
    assert page.evaluate(CLIPPED_TEXT) == []


def test_story_and_home_page_at_200_percent_zoom(newsroom, live_server, chromium, test_results_dir):
    width = 640  # a 1280 × 800 window at 200 %: see the module's docstring
    context = chromium.new_context(
        viewport={"width": width, "height": 400}, device_scale_factor=2, locale="en-US"
    )
    page = context.new_page()

    page.goto(live_server.url + newsroom["story"])
    show_all_images(page)
    assert page.evaluate("window.devicePixelRatio") == 2
    assert_readable_at_zoom(page, width)
    assert_fits_without_overlap(
        page,
        [
            "header.masthead",
            ".article__headline",
            ".article__byline",
            ".article__figure",
            ".article__body",
            ".comment-list",
            "#respond",
            "footer.site-footer",
        ],
        width,
    )
    # The reply form's fields and button, each whole and in order.
    assert_fits_without_overlap(
        page,
        [f"#respond {field}" for field in ("textarea", "input[type=text]", "input[type=email]")]
        + ["#respond [type=submit]"],
        width,
    )
    # A nested reply keeps its text inside the window.
    assert_fits_without_overlap(page, [".comment-list .children .comment__text"], width)
    page.screenshot(path=str(test_results_dir / "reader-zoom-200-story.png"), full_page=True)

    page.goto(live_server.url + "/")
    show_all_images(page)
    assert_readable_at_zoom(page, width)
    cards = page.locator("main h2, main h3")
    assert cards.count() >= 4
    assert_fits_without_overlap(page, ["header.masthead", "main", "footer.site-footer"], width)
    headings = [f"main :is(h2, h3) >> nth={n}" for n in range(cards.count())]
    for selector, box in boxes(page, headings):
        assert box["x"] >= -0.5 and box["x"] + box["width"] <= width + 0.5, (selector, box)
    placed = [box for _, box in boxes(page, headings)]
    for n, first in enumerate(placed):  # no two headlines on top of each other
        for second in placed[n + 1 :]:
            apart = (
                first["x"] + first["width"] <= second["x"] + 0.5
                or second["x"] + second["width"] <= first["x"] + 0.5
                or first["y"] + first["height"] <= second["y"] + 0.5
                or second["y"] + second["height"] <= first["y"] + 0.5
            )
            assert apart, (first, second)
    page.screenshot(path=str(test_results_dir / "reader-zoom-200-home.png"), full_page=True)
    context.close()


# Dark and light --------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_every_reader_page_passes_axe_in_both_schemes(newsroom, live_server, chromium, scheme):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, locale="en-US"
    )
    page = context.new_page()
    found = []
    for name, path in newsroom.items():
        response = page.goto(live_server.url + path)
        assert response.status in (200, 404), (name, response.status)
        show_all_images(page)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == DARK_BACKGROUND) == (scheme == "dark"), (name, background)
        found += serious_violations(page, name)
    # The pages that are not served from a working site: rendered as the server would.
    request = RequestFactory().get("/")
    standalone = {
        "server-error": get_template("500.html").render({}, request),
        "database-unavailable": unavailable_response().content.decode(),
    }
    for name, html in standalone.items():
        page.set_content(html)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == DARK_BACKGROUND) == (scheme == "dark"), (name, background)
        found += serious_violations(page, name)
    context.close()
    assert not found, "Serious accessibility violations:\n" + "\n".join(found)


def test_dark_pictures_keep_their_colours_and_focus_stays_visible(newsroom, live_server, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + newsroom["story"])
    show_all_images(page)
    pictures = page.evaluate(
        "[...document.querySelectorAll('main img')].map(i => [i.naturalWidth,"
        " ...['filter', 'opacity', 'mixBlendMode'].map(p => getComputedStyle(i)[p])])"
    )
    assert pictures and all(p == [p[0], "none", "1", "normal"] and p[0] > 0 for p in pictures)
    page.keyboard.press("Tab")  # the skip link, then a link in the story
    for _ in range(2):
        focused = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineColor, s.outlineWidth]; })()"
        )
        assert focused == ["solid", DARK_FOCUS, "3px"], focused
        page.keyboard.press("Tab")
    context.close()


# Reduced motion --------------------------------------------------------------

MOVING = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return s.animationName !== 'none' || s.transitionDuration.split(',').some(d => parseFloat(d) > 0);
}).length"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_turns_smooth_scrolling_off(newsroom, live_server, chromium, motion):
    context = chromium.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(live_server.url + newsroom["story"])
    behaviour = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    assert behaviour == ("auto" if motion == "reduce" else "smooth")
    if motion == "reduce":
        assert page.evaluate(MOVING) == 0
    context.close()


# Screenshots -----------------------------------------------------------------


def test_story_screenshots_light_and_dark(newsroom, live_server, chromium, test_results_dir):
    folder = screenshot_folder(test_results_dir)
    for scheme in ("light", "dark"):
        for width, height in ((390, 844), (1280, 900)):
            context = chromium.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme, locale="en-US"
            )
            page = context.new_page()
            page.goto(live_server.url + newsroom["story"])
            show_all_images(page)
            page.screenshot(path=str(folder / f"reader-story-{width}-{scheme}.png"))
            if not os.environ.get("MASTHEAD_GUIDE_SCREENSHOTS"):
                page.goto(live_server.url + newsroom["story-replying"])
                show_all_images(page)
                page.screenshot(
                    path=str(folder / f"reader-story-{width}-{scheme}-full.png"), full_page=True
                )
            context.close()
