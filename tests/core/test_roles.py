"""What each newsroom group may do, as Wagtail itself decides it, on fresh and upgraded sites."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.urls import reverse
from newsroom_staff import member
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from masthead.core.models import NewsImage
from masthead.core.roles import (
    EDITORS,
    MODERATORS,
    ROLE_DESCRIPTIONS,
    ROLES,
    WRITERS,
    ensure_newsroom_roles,
)

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


@pytest.fixture
def roles(home):
    ensure_newsroom_roles()


def uploaded_by(user: User, settings, tmp_path) -> NewsImage:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    return NewsImage.objects.create(
        title=f"{user.username}'s photo",
        uploaded_by_user=user,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="photo.jpg"),
    )


def images_policy():
    return policy_registry.get_by_type(get_image_model())


def test_writers_upload_and_choose_images_and_edit_only_their_own(roles, settings, tmp_path):
    writer, other = member("writer", WRITERS), member("other", WRITERS)
    editor = member("editor", EDITORS)
    policy = images_policy()
    for action in ("add", "choose"):
        assert policy.user_has_permission(writer, action), action
    own, theirs = uploaded_by(writer, settings, tmp_path), uploaded_by(other, settings, tmp_path)
    assert policy.user_has_permission_for_instance(writer, "change", own)
    assert not policy.user_has_permission_for_instance(writer, "change", theirs)
    assert policy.user_has_permission_for_instance(editor, "change", theirs)
    assert policy.user_has_permission_for_instance(editor, "delete", theirs)

    documents = policy_registry.get_by_type(
        __import__("wagtail.documents", fromlist=["x"]).get_document_model()
    )
    assert documents.user_has_permission(writer, "add")
    assert documents.user_has_permission(writer, "choose")


def test_a_writers_image_chooser_has_the_upload_tab_and_the_menu_has_images(client, roles):
    client.force_login(member("writer", WRITERS))
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200
    html = chooser.json()["html"]
    assert re.search(r'role="tab"[^>]*>\s*Upload\s*<', html) or ">Upload<" in html, html[:2000]
    assert "You haven't uploaded any images" not in html or 'id="tab-upload"' in html

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailimages:index") in dashboard


def test_moderators_moderate_comments_and_nothing_else(client, roles, section):
    moderator = member("moderator", MODERATORS)
    writer = member("writer", WRITERS)
    assert moderator.has_perm("comments.moderate_comment")
    assert not writer.has_perm("comments.moderate_comment")
    assert not section.permissions_for_user(moderator).can_add_subpage()
    assert not images_policy().user_has_permission(moderator, "add")

    client.force_login(moderator)
    assert client.get(reverse("comments_admin:index")).status_code == 200
    client.force_login(writer)
    refused = client.get(reverse("comments_admin:index"))
    # Wagtail sends a user without the permission back to the dashboard.
    assert refused.status_code == 302
    assert refused.url == reverse("wagtailadmin_home")


def test_an_upgraded_site_gets_the_permissions_from_masthead_setup(home):
    # What the previous release left behind: image rights on Masthead's own image
    # model, which Wagtail never consults, and no Moderators group.
    writers = Group.objects.create(name=WRITERS)
    stale = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(NewsImage), codename="add_newsimage"
    )
    GroupCollectionPermission.objects.create(
        group=writers, collection=Collection.get_first_root_node(), permission=stale
    )
    writer = User.objects.create_user("writer", "writer@example.org", "pw-for-tests-only")
    writer.groups.add(writers)
    assert not images_policy().user_has_permission(writer, "add")

    call_command("setup", stdout=io.StringIO())

    writer = User.objects.get(pk=writer.pk)  # fresh permission caches
    assert images_policy().user_has_permission(writer, "add")
    assert images_policy().user_has_permission(writer, "choose")
    assert (
        Group.objects.get(name=MODERATORS).permissions.filter(codename="moderate_comment").exists()
    )
    call_command("setup", stdout=io.StringIO())  # and again: nothing doubles
    assert (
        GroupCollectionPermission.objects.filter(
            group=writers, permission__codename="add_image"
        ).count()
        == 1
    )


def test_each_groups_admin_page_says_what_it_may_do(client, roles):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    for name in ROLES:
        group = Group.objects.get(name=name)
        html = client.get(reverse("wagtailusers_groups:edit", args=(group.pk,))).content.decode()
        assert "What this group may do" in html, name
        assert ROLE_DESCRIPTIONS[name].replace("'", "&#x27;") in html, name


def test_the_operations_guide_lists_every_role_as_the_admin_does():
    guide = DOCS.read_text(encoding="utf-8")
    for name in ROLES:
        assert f"| {name} | {ROLE_DESCRIPTIONS[name]} |" in guide, name
