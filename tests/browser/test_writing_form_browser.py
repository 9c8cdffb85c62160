"""A writer starts the same story twice in Chromium: the second save is not blocked."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from newsroom_staff import sign_in
from playwright.sync_api import expect
from wagtail.models import Site

from masthead.core.roles import WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article, add_section, ensure_news_site
from masthead.news.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def section(live_server):
    """A section of a site served by the live server, and a writer ("writer") to fill it."""
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    ensure_newsroom_roles()
    writer = User.objects.create_user("writer", "writer@gazette.test", "pw-for-writer")
    writer.groups.add(Group.objects.get(name=WRITERS))
    return add_section(home, "Community")


def test_same_headline_again_saves_with_a_free_slug(
    live_server, section, chromium, test_results_dir
):
    # The first attempt's autosaved draft.
    add_article(section, "Council votes on budget", paragraphs=["Draft."], publish=False)

    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server.url, "writer", "pw-for-writer")
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    )
    # Typing the headline fills the slug in the page (the admin's own script).
    page.locator("#id_title").press_sequentially("Council votes on budget")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("council-votes-on-budget")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit/")
    page.screenshot(path=str(test_results_dir / "second-draft-saved.png"))
    expect(page.locator(".messages")).not_to_contain_text("could not be created")
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["council-votes-on-budget", "council-votes-on-budget-2"]


def test_save_draft_pressed_during_the_first_autosave_makes_one_story(
    live_server, section, chromium, test_results_dir
):
    """The first background save creates the story; a press meanwhile must not make a copy."""
    add_url = live_server.url + reverse(
        "wagtailadmin_pages:add", args=("news", "articlepage", section.pk)
    )
    held_answers = []

    def hold_the_background_saves_answer(route):
        # The server gets the background save at once; the page waits for its
        # answer, as it would from a slow server.
        if route.request.method == "POST" and "json" in route.request.headers.get("accept", ""):
            held_answers.append((route, route.fetch()))
        else:
            route.continue_()

    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server.url, "writer", "pw-for-writer")
    page.route(add_url, hold_the_background_saves_answer)
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => { window.watching = true; });"
    )
    page.goto(add_url)
    # The editor notes the empty form first; only later typing counts as an edit.
    for _ in range(100):
        if page.evaluate("() => window.watching === true"):
            break
        page.wait_for_timeout(100)
    page.locator("#id_title").fill("Ferry timetable changes for the winter")
    for _ in range(100):
        if held_answers:
            break
        page.wait_for_timeout(100)
    assert held_answers, "the editor never saved in the background"
    assert ArticlePage.objects.filter(title__startswith="Ferry").count() == 1

    page.get_by_role("button", name="Save draft").click()
    # Time for a press that went through to reach the server.
    page.wait_for_timeout(1000)
    route, answer = held_answers[0]
    route.fulfill(response=answer)
    page.wait_for_url("**/edit/")
    expect(page.locator(".messages")).to_contain_text("Ferry timetable changes")
    page.screenshot(path=str(test_results_dir / "draft-saved-after-autosave.png"))
    stories = ArticlePage.objects.filter(title__startswith="Ferry")
    assert [story.slug for story in stories] == ["ferry-timetable-changes-for-the-winter"]
