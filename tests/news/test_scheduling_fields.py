"""The schedule fields: any minute, and the time zone they are read in is said."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from newsroom_staff import story_form

from masthead.news.authoring import add_article
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    return client


def test_schedule_fields_name_the_time_zone_and_list_minutes(editor_client, section):
    story = add_article(section, "Council votes", paragraphs=["Words."], publish=False)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,))).content.decode()
    assert html.count("in the Europe/Stockholm time zone") == 2  # go live, expire
    assert '"step": 5' in html


def test_a_go_live_time_keeps_its_minutes(editor_client, section):
    story = add_article(section, "Council votes", paragraphs=["Words."], publish=False)
    form = story_form("Council votes", story.slug)
    form["go_live_at"] = "2030-03-04 09:41"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(story.pk,)), form)
    assert response.status_code == 302
    story = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert story.go_live_at == datetime(2030, 3, 4, 9, 41, tzinfo=ZoneInfo("Europe/Stockholm"))
