"""No page breaks under its Content-Security-Policy: readers' pages and the admin, walked.

A policy that blocks what a page needs shows up only in a browser, as a
"Refused to …" console error and a ``securitypolicyviolation`` event. This
walks the demo newsroom as a reader and as an editor and fails on either.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from newsroom_staff import sign_in
from playwright.sync_api import Page
from test_reader_journey import newsroom, story_to_follow  # noqa: F401  (fixture)

from masthead.core.roles import EDITORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script, and is not subject to the page's policy.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def walk(page: Page, site: str, paths: list[str]) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in paths:
        response = page.goto(site + path)
        assert response.status < 500, path
        page.wait_for_load_state("networkidle")
        refused += [f"{path}: {v}" for v in page.evaluate("window.__violations")]
    return refused


def new_page(chromium) -> Page:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    return context.new_page()


def test_reader_and_admin_pages_load_everything_they_need(newsroom, chromium):  # noqa: F811
    story = story_to_follow()
    reader = new_page(chromium)
    refused = walk(
        reader,
        newsroom,
        ["/", story.url, story.get_parent().url, "/search/?q=the", "/newsletters/", "/nowhere/"],
    )
    assert reader.evaluate("document.styleSheets.length") >= 1  # the inlined styles applied

    editor = get_user_model().objects.create_user("csp-editor", "e@gazette.test", "pw-for-csp")
    editor.groups.add(*Group.objects.filter(name=EDITORS))
    staff = new_page(chromium)
    sign_in(staff, newsroom, "csp-editor", "pw-for-csp")
    refused += walk(
        staff,
        newsroom,
        [
            "/admin/",
            f"/admin/pages/{story.pk}/edit/",
            f"/admin/pages/{story.get_parent().pk}/",
            "/admin/images/",
            "/admin/comments/",
            story.url,
        ],
    )
    assert not refused, "Blocked by the Content-Security-Policy:\n" + "\n".join(refused)
