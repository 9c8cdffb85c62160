"""The writing form: a story started twice is not blocked by its own autosaved draft."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from newsroom_staff import story_form

from masthead.core.roles import WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer_client(client, home):
    ensure_newsroom_roles()
    writer = User.objects.create_user("writer", "writer@example.org", "pw-for-tests-only")
    writer.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(writer)
    return client


def add_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))


def test_same_headline_again_gets_a_free_slug(writer_client, section):
    # The autosaved draft of the first attempt holds the headline's slug.
    add_article(section, "Council votes on budget", paragraphs=["Draft."], publish=False)
    # The admin's script fills the slug from the headline: the writer typed none.
    response = writer_client.post(
        add_url(section), story_form("Council votes on budget", "council-votes-on-budget")
    )
    assert response.status_code == 302, response.context["form"].errors
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["council-votes-on-budget", "council-votes-on-budget-2"]


def test_editing_the_second_draft_keeps_its_free_slug(writer_client, section):
    add_article(section, "Council votes on budget", paragraphs=["Draft."], publish=False)
    writer_client.post(
        add_url(section), story_form("Council votes on budget", "council-votes-on-budget")
    )
    second = ArticlePage.objects.get(slug="council-votes-on-budget-2")
    # Autosave posts the form again, with the slug the script made from the headline.
    response = writer_client.post(
        reverse("wagtailadmin_pages:edit", args=(second.pk,)),
        story_form("Council votes on budget", "council-votes-on-budget"),
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.slug == "council-votes-on-budget-2"


def test_a_typed_slug_that_is_taken_is_said_next_to_the_headline(writer_client, section):
    add_article(section, "Budget draft", paragraphs=["Draft."], publish=False)
    response = writer_client.post(add_url(section), story_form("Council votes", "budget-draft"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "slug" in errors
    assert "already has the address “budget-draft”" in " ".join(errors["title"])
    assert ArticlePage.objects.count() == 1
