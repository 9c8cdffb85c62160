"""Ranking rules of "You May Also Like": what is suggested, in which order, and what never."""

import pytest

from masthead.discovery.models import RelatedArticle, RelatedExclusion, RelatedPin
from masthead.discovery.related import rebuild_all, refresh_story

LIBRARY = "The city library opened new reading rooms, with books, librarians and study desks."


def suggested(article) -> list[str]:
    return [
        row.target.title
        for row in RelatedArticle.objects.filter(source=article).select_related("target")
    ]


@pytest.mark.django_db
def test_similar_story_comes_first_and_never_the_article_itself(story):
    source = story("Library reopens", LIBRARY)
    similar = story("Library adds study desks", LIBRARY + " Librarians welcome students.")
    story("Football club wins the derby", "The striker scored twice as the club won the match.")
    rebuild_all()
    titles = suggested(source)
    assert titles[0] == similar.title
    assert source.title not in titles


@pytest.mark.django_db
def test_unpublished_and_scheduled_stories_are_never_suggested(story, now):
    source = story("Library reopens", LIBRARY)
    story("Library draft", LIBRARY, publish=False)
    scheduled = story("Library scheduled", LIBRARY, publish=False)
    scheduled.go_live_at = now.replace(year=now.year + 1)
    scheduled.save_revision().publish()  # a future go-live time keeps it offline
    rebuild_all()
    assert "Library draft" not in suggested(source)
    assert "Library scheduled" not in suggested(source)


@pytest.mark.django_db
def test_the_same_story_republished_appears_once(story):
    source = story("Library reopens", LIBRARY)
    story("Library study desks in demand", LIBRARY + " Students queue for desks.")
    story("Library study desks in demand", LIBRARY + " Students queue for desks.")
    story("Football club wins the derby", "The striker scored twice as the club won the match.")
    rebuild_all()
    titles = suggested(source)
    assert titles.count("Library study desks in demand") == 1


@pytest.mark.django_db
def test_editor_pins_come_first_and_exclusions_never_appear(story):
    source = story("Library reopens", LIBRARY)
    similar = story("Library adds study desks", LIBRARY)
    unrelated = story("Football club wins the derby", "The striker scored twice.")
    RelatedPin.objects.create(article=source, pinned=unrelated, sort_order=0)
    RelatedExclusion.objects.create(article=source, excluded=similar)
    rebuild_all()
    titles = suggested(source)
    assert titles[0] == unrelated.title
    assert similar.title not in titles


@pytest.mark.django_db
def test_between_equally_similar_stories_the_closer_in_time_ranks_higher(story):
    source = story("Library reopens", LIBRARY, days_ago=1)
    old = story("Library news from years ago", LIBRARY, days_ago=900)
    recent = story("Library news this week", LIBRARY, days_ago=3)
    rebuild_all()
    titles = suggested(source)
    assert titles.index(recent.title) < titles.index(old.title)


@pytest.mark.django_db
def test_a_new_site_with_unrelated_stories_still_gets_a_full_list(story):
    source = story("Library reopens", LIBRARY)
    others = [
        story("Football club wins the derby", "The striker scored twice."),
        story("Council budget approved", "Councillors voted for the spending plan."),
        story("Storm closes the harbour", "Fishing boats stayed in port overnight."),
        story("Choir sings at the festival", "Singers rehearsed for weeks beforehand."),
    ]
    rebuild_all()
    assert set(suggested(source)) == {other.title for other in others}


@pytest.mark.django_db
def test_publishing_a_story_adds_it_to_similar_stories_lists(
    story, django_capture_on_commit_callbacks
):
    source = story("Library reopens", LIBRARY)
    for n in range(14):
        story(f"Sport story {n}", f"The club won match {n} with goals from the striker.")
    rebuild_all()
    assert "Library adds study desks" not in suggested(source)
    with django_capture_on_commit_callbacks(execute=True):
        story("Library adds study desks", LIBRARY)
    assert suggested(source)[0] == "Library adds study desks"


@pytest.mark.django_db
def test_unpublishing_a_story_takes_it_out_of_lists(story, django_capture_on_commit_callbacks):
    source = story("Library reopens", LIBRARY)
    similar = story("Library adds study desks", LIBRARY)
    rebuild_all()
    assert similar.title in suggested(source)
    with django_capture_on_commit_callbacks(execute=True):
        similar.unpublish()
    assert similar.title not in suggested(source)


@pytest.mark.django_db
def test_refresh_works_without_a_vector_file(story, discovery_folder):
    source = story("Library reopens", LIBRARY)
    similar = story("Library adds study desks", LIBRARY)
    assert not discovery_folder.exists()
    refresh_story(source.pk)
    assert suggested(source)[0] == similar.title


@pytest.mark.django_db
def test_rebuild_on_a_site_with_no_or_one_story(home, story):
    assert rebuild_all().stories == 0
    only = story("Library reopens", LIBRARY)
    assert rebuild_all().suggestions == 0
    assert suggested(only) == []
