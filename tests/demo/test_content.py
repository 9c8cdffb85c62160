"""The demo's words live in data files; the newsroom built from them is the one it was."""

import hashlib
from collections import Counter

import pytest

from masthead.demo.content_files import read_content
from masthead.demo.edition import DEFAULT_SEED, plan_edition
from masthead.demo.story_kinds import FACTS, KINDS

# repr() of the whole plan (staff, every story's text, tags, bylines, ages,
# statuses) as the demo built it when its stories were still written in Python.
PLANS_BEFORE_THE_MOVE = {
    DEFAULT_SEED: "8a85f9a46083b61e8c6d804168090f94660c134939abcbd2c518cc7f8e34dd78",
    1: "4a9f0edb021905da92b41e9d69252ec5e29c6f0b5dc2796cd7740d95f8f5d470",
    2024: "df072b03e1f9108bf8603388695361ea1516e279be835fda55b7e508e8764d8d",
}
# sha256 of repr(sorted((section, headline) for the default seed's stories)).
TITLES_BEFORE_THE_MOVE = "b0c87f5163bce30f51d4fde09ae5151ce904da6feda3cbb9018ca8ac6410e381"


@pytest.mark.parametrize("seed", sorted(PLANS_BEFORE_THE_MOVE))
def test_the_data_files_build_exactly_the_newsroom_the_code_did(seed):
    plan = plan_edition(seed)
    assert len(plan.stories) == 42
    assert Counter(story.section for story in plan.stories) == {
        "news": 9,
        "politics": 8,
        "community": 7,
        "culture": 7,
        "diaspora": 7,
        "opinion": 4,
    }
    assert hashlib.sha256(repr(plan).encode()).hexdigest() == PLANS_BEFORE_THE_MOVE[seed]


def test_the_same_titles_in_the_same_sections():
    titles = sorted((story.section, story.headline) for story in plan_edition().stories)
    assert hashlib.sha256(repr(titles).encode()).hexdigest() == TITLES_BEFORE_THE_MOVE


def test_every_facts_function_belongs_to_a_kind_in_the_data():
    # A key mistyped in the JSON would otherwise leave its blanks unfilled.
    assert set(FACTS) <= {kind.key for kind in KINDS}
    assert len({kind.key for kind in KINDS}) == len(KINDS) == len(read_content("story_kinds.json"))


def test_the_demo_newsletters_are_the_three_lists_they_were(home):
    from wagtail.models import Site

    from masthead.demo.newsletters import add_demo_newsletters
    from masthead.newsletters.models import Cadence, Weekday

    site = Site.objects.get(is_default_site=True)
    site.site_name = "The Meridian Weekly"
    lists = add_demo_newsletters(site)
    assert [
        (n.slug, n.name, n.cadence, n.send_hour, n.send_weekday, n.only_tag, n.sort_order)
        for n in lists
    ] == [
        ("daily-headlines", "Daily headlines", Cadence.DAILY, 7, lists[0].send_weekday, "", 1),
        (
            "breaking-news",
            "Breaking news",
            Cadence.IMMEDIATE,
            lists[1].send_hour,
            lists[1].send_weekday,
            "Breaking",
            2,
        ),
        ("weekly-digest", "Weekly digest", Cadence.WEEKLY, 8, Weekday.THURSDAY, "", 3),
    ]
    assert lists[0].description == (
        "The day's new stories from The Meridian Weekly, every morning at 7."
    )
