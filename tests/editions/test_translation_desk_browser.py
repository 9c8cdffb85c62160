"""An Armenian translator's day in Chromium: a stale translation, its changes, up to date again."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from edition_newsroom import HY_TEXT, HY_TITLE, published_translation, turn_editions_on
from newsroom_staff import member, sign_in
from playwright.sync_api import expect
from wagtail.models import Locale, Site

from masthead.core.roles import ensure_newsroom_roles, translators_group_name
from masthead.news.authoring import add_article, add_section, ensure_news_site, paragraphs_to_body
from masthead.news.editions import ensure_edition_homes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CORRECTION = "The declaration was adopted in Paris on 10 December 1948."


@pytest.fixture
def world(live_server, settings) -> tuple:
    """An English section translated into Armenian, on a site the live server serves,
    with the newsroom's groups and the Armenian translators' one."""
    turn_editions_on(settings)
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    section = add_section(home, "World")
    ensure_edition_homes()
    ensure_newsroom_roles()
    call_command("ensure_editions", verbosity=0)
    hy = Locale.objects.get(language_code="hy")
    hy_section = section.copy_for_translation(hy)
    hy_section.title = "Աշխարհ"
    hy_section.save_revision().publish()
    return section, hy


def test_a_translator_sees_the_change_and_marks_the_translation_up_to_date(
    live_server, world, chromium, test_results_dir
):
    section, hy = world
    english = add_article(
        section, "Universal Declaration of Human Rights", paragraphs=["Article 1."]
    )
    armenian = published_translation(english, hy, HY_TITLE, HY_TEXT)
    english.body = paragraphs_to_body(["Article 1.", CORRECTION])
    english.save_revision().publish()
    member("anush", translators_group_name("Հայերեն"))

    page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server.url, "anush")
    page.goto(live_server.url + reverse("stories:index") + "?translation=out-of-date")
    expect(page.get_by_role("link", name=HY_TITLE)).to_be_visible()
    page.screenshot(path=str(test_results_dir / "translator-desk-out-of-date.png"))

    page.get_by_role("link", name=HY_TITLE).first.click()
    warning = page.get_by_role("status").filter(has_text="may be out of date")
    expect(warning).to_be_visible()
    page.screenshot(path=str(test_results_dir / "translator-editor-out-of-date.png"))

    page.get_by_role("link", name="See what changed in the original").click()
    expect(page.locator("body")).to_contain_text(CORRECTION)
    page.screenshot(path=str(test_results_dir / "translator-original-changes.png"))
    page.go_back()

    page.get_by_role("button", name="mark it as up to date").click()
    expect(page.locator(".messages")).to_contain_text("is marked as up to date")
    expect(page.get_by_text("may be out of date")).to_have_count(0)
    page.screenshot(path=str(test_results_dir / "translator-editor-up-to-date.png"))
    assert armenian.translated_from.source_id == english.pk


def test_a_translator_translates_an_english_story_from_the_desk(
    live_server, world, chromium, test_results_dir
):
    section, hy = world
    english = add_article(section, "Ferry timetable changes for the winter", paragraphs=["Soon."])
    member("anush", translators_group_name("Հայերեն"))

    page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(page, live_server.url, "anush")
    page.goto(live_server.url + reverse("stories:index") + "?translation=missing-hy")
    row = page.get_by_role("row").filter(has_text=english.title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="More options").click()
    page.screenshot(path=str(test_results_dir / "translator-desk-translate.png"))
    row.get_by_role("link", name="Translate").click()

    expect(page.get_by_role("heading", name="Translate page")).to_be_visible()
    armenian = page.get_by_role("checkbox", name="Հայերեն")
    expect(armenian).to_be_enabled()
    armenian.check()
    page.screenshot(path=str(test_results_dir / "translator-translate-form.png"))
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/edit/")
    expect(page.locator("#id_title")).to_have_value(english.title)
    page.screenshot(path=str(test_results_dir / "translator-translation-draft.png"))
    copy = english.get_translation(hy)
    assert not copy.live
    assert page.url.endswith(reverse("wagtailadmin_pages:edit", args=[copy.pk]))
