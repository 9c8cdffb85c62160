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


def test_same_headline_again_saves_with_a_free_slug(live_server, chromium, test_results_dir):
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    section = add_section(home, "Community")
    ensure_newsroom_roles()
    writer = User.objects.create_user("writer", "writer@gazette.test", "pw-for-writer")
    writer.groups.add(Group.objects.get(name=WRITERS))
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
