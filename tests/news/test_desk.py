"""The Stories desk: every story in one list, found by status, section, author or headline."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from newsroom_staff import member
from wagtail.models import Workflow

from masthead.core.roles import (
    EDITORS,
    MODERATORS,
    WORKFLOW_NAME,
    WRITERS,
    ensure_newsroom_roles,
)
from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db
STORIES = reverse("stories:index")


@pytest.fixture
def desk(settings, home, section):
    """One story in each state, in two sections, by two authors, in the search index."""
    # The search index is updated by a background task: run it at once here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ensure_newsroom_roles()
    sport = add_section(home, "Sport")
    ana, ben = add_author("Ana Petrosyan"), add_author("Ben Okafor")
    writer = member("writer", WRITERS)
    stories = {
        "draft": add_article(section, "Library hours draft", authors=[ana], publish=False),
        "review": add_article(section, "Council budget in review", authors=[ben], publish=False),
        "live": add_article(sport, "Derby ends level", authors=[ana]),
        "changed": add_article(sport, "Ferry timetable changes", authors=[ben]),
        "scheduled": add_article(section, "Festival opens Friday", authors=[ana], publish=False),
    }
    Workflow.objects.get(name=WORKFLOW_NAME).start(stories["review"], writer)
    stories["changed"].title = "Ferry timetable changes again"
    stories["changed"].save_revision()
    scheduled = stories["scheduled"]
    scheduled.go_live_at = timezone.now() + timedelta(days=2)
    scheduled.save_revision().publish()
    return stories


def headlines(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<span id="page_\d+_title">\s*([^<]+?)\s*</span>', html)


@pytest.fixture
def editor_client(client, desk):
    client.force_login(member("editor", EDITORS))
    return client


def test_the_desk_lists_every_story_with_section_author_and_status(editor_client, desk):
    response = editor_client.get(STORIES)
    assert response.status_code == 200
    html = response.content.decode()
    for story in desk.values():
        assert story.title in html or story.draft_title in html
    assert "Sport" in html and "Community" in html
    assert "Ana Petrosyan" in html and "Ben Okafor" in html
    for label in ("draft", "in moderation", "scheduled", "live", "live + draft"):
        assert re.search(rf">\s*{re.escape(label)}\s*<", html), label


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", {"Library hours draft"}),
        ("review", {"Council budget in review"}),
        ("scheduled", {"Festival opens Friday"}),
        ("live", {"Derby ends level"}),
        ("changed", {"Ferry timetable changes again"}),
    ],
)
def test_the_status_filter_finds_each_state(editor_client, status, expected):
    found = headlines(editor_client.get(STORIES, {"status": status}))
    assert set(found) == expected


def test_section_author_and_headline_search_narrow_the_list(editor_client, desk, home):
    sport = desk["live"].get_parent()
    by_section = headlines(editor_client.get(STORIES, {"section": sport.pk}))
    assert set(by_section) == {"Derby ends level", "Ferry timetable changes again"}

    ana = desk["live"].article_authors.get().author
    by_author = headlines(editor_client.get(STORIES, {"author": ana.pk}))
    assert set(by_author) == {"Library hours draft", "Derby ends level", "Festival opens Friday"}

    searched = headlines(editor_client.get(STORIES, {"q": "derby"}))
    assert searched == ["Derby ends level"]


def test_new_story_asks_for_the_section_by_name(client, desk):
    client.force_login(User.objects.get(username="writer"))
    response = client.get(reverse("stories:choose_parent"))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'type="radio" name="parent_page"', html)
    for name in ("Community", "Sport"):
        assert re.search(rf"<label[^>]*>\s*<input[^>]*>\s*{name}\s*</label>", html), name

    sport = desk["live"].get_parent()
    chosen = client.post(reverse("stories:choose_parent"), {"parent_page": sport.pk})
    assert chosen.status_code == 302
    assert chosen.url == reverse("wagtailadmin_pages:add", args=("news", "articlepage", sport.pk))


def test_writers_have_the_stories_menu_and_moderators_do_not(client, desk):
    client.force_login(User.objects.get(username="writer"))
    assert STORIES in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(STORIES).status_code == 200

    client.force_login(member("moderator", MODERATORS))
    assert STORIES not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(STORIES).status_code == 302


def test_the_calendar_shows_this_weeks_published_and_scheduled_stories(editor_client, desk):
    response = editor_client.get(reverse("stories:calendar"))
    html = response.content.decode()
    assert response.status_code == 200
    today = timezone.localdate()
    day = html.split(f'data-day="{today.isoformat()}"', 1)[1].split("</li>\n  \n  <li", 1)[0]
    assert "Derby ends level" in day and "published" in day

    go_live = timezone.localtime(desk["scheduled"].scheduled_revision.approved_go_live_at)
    if go_live.date() - today < timedelta(days=7 - today.weekday()):
        assert "Festival opens Friday" in html
    later = editor_client.get(reverse("stories:calendar"), {"week": go_live.date().isoformat()})
    cell = later.content.decode().split(f'data-day="{go_live.date().isoformat()}"', 1)[1]
    cell = cell.split("</li>\n  \n  <li", 1)[0]
    assert "Festival opens Friday" in cell and "scheduled" in cell
    assert go_live.strftime("%H:%M") in cell


def test_a_week_that_is_not_a_date_shows_this_week_with_a_message(editor_client, desk):
    response = editor_client.get(reverse("stories:calendar"), {"week": "next-tuesday'<x>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a date; showing this week instead" in html
    assert "<x>" not in html
    assert f'data-day="{timezone.localdate().isoformat()}"' in html


def test_the_dashboard_shows_the_day_on_the_desk(editor_client, desk):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html.split('id="desk-today-heading"', 1)[1]
    assert re.search(r'data-desk-count="review">1<', panel)
    assert "Council budget in review" in panel
    assert re.search(r'data-desk-count="published">\d+<', panel)
    assert "Derby ends level" in panel.split("Published today", 1)[1]


def test_submitting_takes_the_writer_back_to_stories_and_a_draft_save_stays(client, desk):
    from newsroom_staff import story_form

    client.force_login(User.objects.get(username="writer"))
    section = desk["draft"].get_parent()
    add = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))

    saved = client.post(add, story_form("Harbour works begin"))
    draft = ArticlePage.objects.get(title="Harbour works begin")
    assert saved.url == reverse("wagtailadmin_pages:edit", args=(draft.pk,))

    submitted = client.post(add, story_form("Harbour works end", **{"action-submit": "1"}))
    assert submitted.status_code == 302 and submitted.url == STORIES
    stories = client.get(submitted.url)
    assert "Harbour works end" in stories.content.decode()


OUT_OF_RANGE = ["9" * 40, "１２", "-1", "\x00", "a" * 300]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_ids_the_database_cannot_hold_are_refused_not_a_500(editor_client, value):
    for key in ("section", "author", "status"):
        assert editor_client.get(STORIES, {key: value}).status_code == 200, key
    chosen = editor_client.post(reverse("stories:choose_parent"), {"parent_page": value})
    assert chosen.status_code == 200  # the form again, with its error


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "2026-02-30", "１２", "9" * 40])
def test_weeks_at_the_ends_of_the_calendar_show_this_week(editor_client, week):
    response = editor_client.get(reverse("stories:calendar"), {"week": week})
    assert response.status_code == 200
    assert "is not a date; showing this week instead" in response.content.decode()


@pytest.mark.parametrize("name", ["owner", "edited_by", "site"])
def test_an_id_too_large_for_the_database_in_wagtails_filters_lists_every_story(
    editor_client, desk, name
):
    """Found by the fuzz suite: ?owner=99…9 made SQLite overflow, a 500 on the desk."""
    response = editor_client.get(STORIES, {name: "9" * 20})
    assert response.status_code == 200
    assert set(headlines(response)) == set(headlines(editor_client.get(STORIES)))
