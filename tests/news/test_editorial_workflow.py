"""Writers submit, editors publish; scheduled stories go live when the worker runs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from newsroom_staff import member, story_form
from wagtail.models import Page

from masthead.core.roles import EDITORS, WORKFLOW_NAME, WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(home):
    ensure_newsroom_roles()


def test_setup_is_idempotent_and_writers_cannot_publish(roles, section):
    ensure_newsroom_roles()
    writer = member("writer", WRITERS)
    editor = member("editor", EDITORS)
    assert not section.permissions_for_user(writer).can_publish_subpage()
    assert section.permissions_for_user(writer).can_add_subpage()
    assert section.permissions_for_user(editor).can_publish_subpage()
    assert section.get_workflow().name == WORKFLOW_NAME
    assert editor.has_perm("comments.moderate_comment")
    assert not writer.has_perm("comments.moderate_comment")
    assert editor.has_perm("newsletters.change_edition")
    assert not writer.has_perm("newsletters.view_subscriber")


def test_writer_submits_and_editor_approves_to_publish(client, roles, section):
    writer = member("writer", WRITERS)
    editor = member("editor", EDITORS)
    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))

    # "Publish" is not the writer's to press: the story stays a draft.
    client.post(add_url, story_form("Council meets", "council-meets", **{"action-publish": "1"}))
    story = ArticlePage.objects.get(slug="council-meets")
    assert not story.live

    edit_url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    client.post(edit_url, story_form("Council meets", "council-meets", **{"action-submit": "1"}))
    story.refresh_from_db()
    assert story.current_workflow_state is not None
    assert not story.live
    assert client.get("/community/council-meets/").status_code == 404

    task_state = story.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    story.refresh_from_db()
    assert story.live
    client.logout()
    assert "Council meets" in client.get(story.url).content.decode()


def test_admin_fills_an_ascii_slug_for_a_headline_in_armenian(client, roles, section):
    editor = member("editor", EDITORS)
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    response = client.post(add_url, story_form("Գյումրիի նոր կամուրջը"))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = ArticlePage.objects.get(title="Գյումրիի նոր կամուրջը")
    assert story.slug == "gyowmrii-nor-kamowrjy"
    client.post(add_url, story_form("Գյումրիի նոր կամուրջը"))
    assert ArticlePage.objects.filter(slug="gyowmrii-nor-kamowrjy-2").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduled_story_goes_live_when_the_worker_runs(client, roles, section):
    # The worker commits and recycles connections as in production, so this test
    # runs outside the usual rolled-back transaction.
    story = add_article(section, "Election results at nine", paragraphs=["x"], publish=False)
    story.go_live_at = timezone.now() + timedelta(hours=1)
    story.save_revision().publish()
    story.refresh_from_db()
    assert not story.live
    assert story.get_latest_revision().approved_go_live_at is not None

    call_command("worker", batch=True)
    story.refresh_from_db()
    assert not story.live, "published before its time"

    # Time passes: the scheduled moment is now in the past.
    revision = story.get_latest_revision()
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("worker", batch=True)
    story.refresh_from_db()
    assert story.live
    assert Page.objects.get(pk=story.pk).live
    assert "Election results at nine" in client.get(story.url).content.decode()
