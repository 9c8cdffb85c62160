"""Bylines: a writer's account is linked to their author profile, a new story starts
with that profile in its byline, and co-authors are chosen from a list of people
searched by name, all through the real admin views."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from lxml import html as lxml_html
from newsroom_staff import member, story_form

from masthead.core.roles import EDITORS, WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_author
from masthead.news.models import ArticlePage, AuthorPage

pytestmark = pytest.mark.django_db

BYLINE = "article_authors"


@pytest.fixture
def roles(home):
    ensure_newsroom_roles()


def link(profile: AuthorPage, user: User) -> AuthorPage:
    profile.user = user
    profile.save_revision().publish()
    profile.refresh_from_db()
    return profile


def add_story_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))


def byline_inputs(page_html: str) -> dict[str, str]:
    """The byline formset's inputs, as the browser would submit them."""
    document = lxml_html.fromstring(page_html)
    return {
        field.get("name"): field.get("value") or ""
        for field in document.xpath(f'//input[starts-with(@name, "{BYLINE}-")]')
        # The hidden template for "Add author" holds a __prefix__ form nobody submits.
        if "__prefix__" not in field.get("name")
    }


# The link between an account and a profile -----------------------------------


def test_a_profile_belongs_to_at_most_one_staff_account(home):
    user = User.objects.create_user("anahit", "anahit@example.org", "pw-for-tests-only")
    profile = link(add_author("Anahit Petrosyan"), user)
    assert AuthorPage.profile_of(user) == profile
    assert User.objects.get(pk=user.pk).author_profile == profile

    other = add_author("Someone Else")
    other.user = user
    with pytest.raises(ValidationError, match="already belongs to another author profile"):
        other.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorPage.objects.filter(pk=other.pk).update(user=user)

    # Closing the account leaves the profile, and the stories credited to it.
    user.delete()
    profile.refresh_from_db()
    assert profile.user is None


def test_nobody_and_anonymous_users_have_no_profile(home):
    add_author("Unlinked Writer")
    nobody = User.objects.create_user("nobody", "nobody@example.org", "pw-for-tests-only")
    assert AuthorPage.profile_of(nobody) is None
    assert AuthorPage.profile_of(None) is None

    from django.contrib.auth.models import AnonymousUser

    assert AuthorPage.profile_of(AnonymousUser()) is None


def test_the_profile_page_edits_the_staff_account(client, roles):
    profile = add_author("Anahit Petrosyan")
    writer = member("anahit", WRITERS)
    client.force_login(User.objects.create_superuser("chief", "c@example.org", "pw"))
    page = client.get(reverse("wagtailadmin_pages:edit", args=(profile.pk,))).content.decode()
    assert "Staff account" in page
    assert "stories they start have this profile in the byline" in page
    document = lxml_html.fromstring(page)
    options = document.xpath('//select[@name="user"]/option/text()')
    assert writer.username in options


# The default byline -------------------------------------------------------------


def test_a_writers_new_story_starts_with_their_own_byline(client, roles, section):
    writer = member("anahit", WRITERS)
    profile = link(add_author("Anahit Petrosyan", role="Staff writer"), writer)
    add_author("Davit Sargsyan")
    client.force_login(writer)

    response = client.get(add_story_url(section))
    assert response.status_code == 200
    page = response.content.decode()
    byline = byline_inputs(page)
    assert byline[f"{BYLINE}-TOTAL_FORMS"] == "1"
    assert byline[f"{BYLINE}-INITIAL_FORMS"] == "0"
    assert byline[f"{BYLINE}-0-author"] == str(profile.pk)
    assert byline[f"{BYLINE}-0-ORDER"] == "1"
    document = lxml_html.fromstring(page)
    chosen = document.xpath(f'//div[@id="inline_child_{BYLINE}-0"]')[0].text_content()
    assert "Anahit Petrosyan" in chosen

    # Saved as the writer was shown it.
    response = client.post(add_story_url(section), story_form("Council meets", byline=byline))
    assert response.status_code == 302, response.content.decode()[:2000]
    story = ArticlePage.objects.get(title="Council meets")
    assert [credit.author for credit in story.article_authors.all()] == [profile]


def test_the_default_author_can_be_removed_before_saving(client, roles, section):
    writer = member("anahit", WRITERS)
    link(add_author("Anahit Petrosyan"), writer)
    client.force_login(writer)
    byline = byline_inputs(client.get(add_story_url(section)).content.decode())
    byline[f"{BYLINE}-0-DELETE"] = "1"  # What the bin button sets.

    response = client.post(add_story_url(section), story_form("Wire copy", byline=byline))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ArticlePage.objects.get(title="Wire copy").article_authors.exists()


def test_without_a_profile_the_byline_starts_empty(client, roles, section):
    add_author("Anahit Petrosyan")
    client.force_login(member("desk", EDITORS))
    response = client.get(add_story_url(section))
    assert response.status_code == 200
    byline = byline_inputs(response.content.decode())
    assert byline[f"{BYLINE}-TOTAL_FORMS"] == "0"
    assert f"{BYLINE}-0-author" not in byline


def test_editing_a_story_keeps_its_own_byline(client, roles, section):
    from masthead.news.authoring import add_article

    writer = member("anahit", WRITERS)
    link(add_author("Anahit Petrosyan"), writer)
    colleague = add_author("Davit Sargsyan")
    story = add_article(section, "Filed by a colleague", authors=[colleague], publish=False)
    client.force_login(writer)
    page = client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,))).content.decode()
    byline = byline_inputs(page)
    assert byline[f"{BYLINE}-TOTAL_FORMS"] == "1"
    assert byline[f"{BYLINE}-0-author"] == str(colleague.pk)


# The author chooser ---------------------------------------------------------------


def test_the_byline_uses_the_author_chooser_not_the_page_tree(client, roles, section):
    client.force_login(member("anahit", WRITERS))
    page = client.get(add_story_url(section)).content.decode()
    assert reverse("author_chooser:choose") in page
    assert "Choose an author" in page
    assert "Byline" in page
    assert "Add author" in page
    assert "Choose a page (Author page)" not in page


@pytest.fixture
def indexed_at_once(settings):
    """Index pages for search as they are saved: the worker does it on a real site."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_chooser_finds_authors_by_name(client, roles, indexed_at_once):
    add_author("Anahit Petrosyan", role="Staff writer")
    add_author("Aram Petrosyan", role="Photographer")
    add_author("Davit Sargsyan", role="Editor")
    client.force_login(member("writer", WRITERS))

    listing = client.get(reverse("author_chooser:choose"))
    assert listing.status_code == 200
    everyone = listing.json()["html"]
    for name in ("Anahit Petrosyan", "Aram Petrosyan", "Davit Sargsyan", "Photographer"):
        assert name in everyone
    assert 'name="q"' in everyone  # The search box.

    results = client.get(reverse("author_chooser:choose_results"), {"q": "Petros"})
    assert results.status_code == 200
    found = results.content.decode()
    assert "Anahit Petrosyan" in found
    assert "Aram Petrosyan" in found
    assert "Davit Sargsyan" not in found

    results = client.get(reverse("author_chooser:choose_results"), {"q": "davit"})
    found = results.content.decode()
    assert "Davit Sargsyan" in found
    assert "Petrosyan" not in found


def test_choosing_an_author_returns_their_name(client, roles):
    author = add_author("Davit Sargsyan")
    client.force_login(member("writer", WRITERS))
    response = client.get(reverse("author_chooser:chosen", args=(author.pk,)))
    assert response.status_code == 200
    assert response.json()["result"]["title"] == "Davit Sargsyan"
    assert response.json()["result"]["id"] == str(author.pk)
