"""A writer's byline in a real Chromium: their own name is there when they start a
story, and a co-author is found by typing part of a name in the author chooser.

Screenshots for people to look at, in ``test-results/``: ``byline-author-chooser.png``
(the chooser, searched) and ``byline-add-story.png`` (the byline with both authors).
"""

import pytest
from django.contrib.auth.models import Group, User
from newsroom_staff import sign_in
from playwright.sync_api import expect

from masthead.core.roles import WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_author, add_section, ensure_news_site
from masthead.news.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test wrote, so the data must be committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-for-browser-tests"
# Runs before any page script: the chooser must work within the admin's
# Content-Security-Policy, which a refusal in the console would not fail.
LISTEN_FOR_REFUSALS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__refused.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def newsroom(live_server, settings) -> dict:
    """A section, three author profiles and a writer whose account is linked to one."""
    # Search index updates run as soon as a page is saved, as the worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    home = ensure_news_site("The Test Gazette", "localhost", 80)
    section = add_section(home, "Community")
    ensure_newsroom_roles()
    writer = User.objects.create_user("anahit", "anahit@gazette.test", PASSWORD)
    writer.groups.add(Group.objects.get(name=WRITERS))
    own = add_author("Anahit Petrosyan", role="Staff writer")
    own.user = writer
    own.save_revision().publish()
    add_author("Davit Sargsyan", role="Photographer")
    add_author("Lilit Hakobyan", role="Editor")
    return {"url": live_server.url, "section": section}


def test_a_writer_starts_a_story_with_their_byline_and_adds_a_co_author(
    newsroom, chromium, test_results_dir
):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="en-US")
    context.add_init_script(LISTEN_FOR_REFUSALS)
    page = context.new_page()
    sign_in(page, newsroom["url"], "anahit", PASSWORD)
    section = newsroom["section"]
    page.goto(f"{newsroom['url']}/admin/pages/add/news/articlepage/{section.pk}/")

    byline = page.locator("section").filter(
        has=page.get_by_role("heading", name="Byline", exact=True)
    )
    first = page.locator("#inline_child_article_authors-0")
    expect(first.get_by_text("Author 1")).to_be_visible()
    expect(first.locator("[data-chooser-title]")).to_have_text("Anahit Petrosyan")

    page.get_by_role("button", name="Add author").click()
    second = page.locator("#inline_child_article_authors-1")
    expect(second.get_by_text("Author 2")).to_be_visible()
    second.get_by_role("button", name="Choose an author").click()

    modal = page.locator(".modal-dialog")
    expect(modal.get_by_role("heading", name="Choose an author")).to_be_visible()
    expect(modal.get_by_role("link", name="Lilit Hakobyan")).to_be_visible()
    modal.get_by_placeholder("Search").fill("Sargs")
    expect(modal.get_by_role("link", name="Lilit Hakobyan")).to_have_count(0)
    expect(modal.get_by_text("Photographer")).to_be_visible()
    page.screenshot(path=str(test_results_dir / "byline-author-chooser.png"))
    modal.get_by_role("link", name="Davit Sargsyan").click()
    expect(modal).to_be_hidden()
    expect(second.locator("[data-chooser-title]")).to_have_text("Davit Sargsyan")

    page.get_by_placeholder("Headline*").fill("Council meets on Thursday")
    byline.first.scroll_into_view_if_needed()
    page.screenshot(path=str(test_results_dir / "byline-add-story.png"))
    assert page.evaluate("window.__refused") == []

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/edit/")
    story = ArticlePage.objects.get(title="Council meets on Thursday")
    assert [a.title for a in story.credited_authors] == ["Anahit Petrosyan", "Davit Sargsyan"]
    context.close()
