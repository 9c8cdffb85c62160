"""A reader of a two-language site in Chromium: switching a story's language, and a
right-to-left edition laid out right to left on a phone and on a desktop.

Screenshots for people to look at, in ``test-results/``: ``edition-switch-hy.png``
(the Armenian story reached from "Also in"), ``edition-rtl-390.png`` and
``edition-rtl-1280.png`` (a Persian story).
"""

import pytest
from edition_newsroom import EN_TITLE, HY_TITLE, turn_editions_on
from playwright.sync_api import expect
from wagtail.models import Locale

from masthead.news.authoring import add_article
from masthead.news.editions import ensure_edition_homes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Article 1 of the Universal Declaration of Human Rights in Persian, and the
# Declaration's Persian title (origin and licence in fixtures/README.md).
FA_TITLE = "اعلامیه جهانی حقوق بشر"
FA_TEXT = (
    "تمام افراد بشر آزاد به دنیا می‌آیند و از لحاظ حیثیت و حقوق با هم برابرند. "
    "همه دارای عقل و وجدان هستند و باید نسبت به یکدیگر با روح برادری رفتار کنند."
)

# Where the first line of a block's text starts and ends, against the block's own box.
FIRST_LINE = """(selector) => {
  const block = document.querySelector(selector);
  const range = document.createRange();
  range.selectNodeContents(block);
  const line = range.getClientRects()[0];
  const box = block.getBoundingClientRect();
  const style = getComputedStyle(block);
  return {
    direction: style.direction,
    fromRight: box.right - parseFloat(style.paddingRight) - line.right,
    fromLeft: line.left - box.left - parseFloat(style.paddingLeft),
  };
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_a_reader_switches_a_story_to_armenian_and_back(
    live_server, chromium, story_pair, test_results_dir
):
    english, armenian = story_pair
    page = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_server.url + english.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".also-in").get_by_role("link", name="Հայերեն").click()
    page.wait_for_url(f"**{armenian.url}")
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    expect(page.get_by_role("heading", level=1)).to_have_text(HY_TITLE)
    page.screenshot(path=str(test_results_dir / "edition-switch-hy.png"), full_page=True)

    # Back by keyboard alone.
    page.locator(".also-in").get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{english.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_TITLE)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_persian_story_reads_right_to_left_on_a_phone_and_a_desktop(
    live_server, chromium, settings, home, section, test_results_dir
):
    turn_editions_on(settings, languages=[("en", "English"), ("fa", "فارسی")])
    ensure_edition_homes()
    fa_section = section.copy_for_translation(Locale.objects.get(language_code="fa"))
    fa_section.title = "جهان"
    fa_section.save_revision().publish()
    story = add_article(fa_section, FA_TITLE, paragraphs=[FA_TEXT])
    english = add_article(section, EN_TITLE, paragraphs=["All human beings are born free."])

    for width, height in ((390, 844), (1280, 900)):
        page = chromium.new_context(viewport={"width": width, "height": height}).new_page()
        page.goto(live_server.url + story.url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", level=1)).to_have_text(FA_TITLE)
        for block in (".article__headline", ".article__body p"):
            line = page.evaluate(FIRST_LINE, block)
            assert line["direction"] == "rtl", (width, block)
            # The text starts at the right edge of its column, not the left.
            assert abs(line["fromRight"]) < 2, (width, block, line)
        assert page.evaluate(OVERFLOW) <= 0, width
        # An address reads left to right in any edition.
        expect(page.get_by_label("Link to this story")).to_have_css("direction", "ltr")
        page.screenshot(path=str(test_results_dir / f"edition-rtl-{width}.png"), full_page=True)

        # The English edition of the same site still reads left to right.
        page.goto(live_server.url + english.url)
        line = page.evaluate(FIRST_LINE, ".article__headline")
        assert line["direction"] == "ltr"
        assert abs(line["fromLeft"]) < 2, (width, line)
        page.context.close()
