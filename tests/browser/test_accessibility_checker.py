"""Wagtail's own accessibility checker finds nothing to flag on a story page.

The checker in the admin's user bar runs axe-core with the rules Wagtail's
``AccessibilityItem`` lists; here the same axe rules run on a story, in
Chromium, for a reader (the site's own markup, without the user bar).
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.admin.userbar import AccessibilityItem
from wagtail.models import Site

from masthead.core.models import NewsroomSettings
from masthead.news.authoring import add_article, add_section, ensure_news_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Wagtail's two custom rules need its own checks, which exist only in its user bar.
CLIP = {"x": 0, "y": 0, "width": 1280, "height": 240}
WAGTAIL_RULES = [
    rule
    for rule in AccessibilityItem.axe_run_only
    if rule not in {r["id"] for r in AccessibilityItem.axe_custom_rules}
]


def test_a_story_passes_the_checkers_rules(live_server, chromium, test_results_dir):
    home = ensure_news_site("The Test Gazette")
    parts = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    # The demo's newsroom has a tagline under its name, as most sites do.
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.tagline = "News from the harbour towns"
    newsroom.save()
    story = add_article(
        add_section(home, "Community"),
        "Library reopens after two-year renovation",
        paragraphs=["The central library reopened its doors on Saturday.", "Volunteers helped."],
        dateline_place="Stockholm",
    )
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    for url in (story.url, "/"):
        page.goto(live_server.url + url)
        results = Axe().run(page, options={"runOnly": {"type": "rule", "values": WAGTAIL_RULES}})
        # The checker lists what axe could not clear as well as what it failed:
        # "incomplete" p-as-heading on the site's name was what staff saw.
        flagged = [
            f"{url} {kind} {violation['id']}: {node['target']}"
            for kind in ("violations", "incomplete")
            for violation in results.response[kind]
            for node in violation["nodes"]
        ]
        assert not flagged, "\n".join(flagged)
    page.screenshot(path=str(test_results_dir / "masthead-name.png"), clip=CLIP)
