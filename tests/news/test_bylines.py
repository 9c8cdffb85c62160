"""Bylines: a writer's account is linked to their author profile."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from lxml import html as lxml_html

from masthead.core.roles import WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_author
from masthead.news.models import AuthorPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(home):
    ensure_newsroom_roles()


def member(name: str, group: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


def link(profile: AuthorPage, user: User) -> AuthorPage:
    profile.user = user
    profile.save_revision().publish()
    profile.refresh_from_db()
    return profile


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
    assert "Stories they start are bylined to this profile" in page
    document = lxml_html.fromstring(page)
    options = document.xpath('//select[@name="user"]/option/text()')
    assert writer.username in options
