"""A moderator's day starts on the dashboard: held comments counted and approved from there."""

import re

import pytest
from django.urls import reverse
from newsroom_staff import member

from masthead.comments.models import Comment
from masthead.core.roles import MODERATORS, WRITERS, ensure_newsroom_roles

pytestmark = pytest.mark.django_db
HOME = reverse("wagtailadmin_home")


@pytest.fixture
def held(article):
    ensure_newsroom_roles()
    return [
        Comment.objects.create(
            article=article,
            author_name=name,
            author_email=f"{name.lower()}@reader.test",
            body=f"{name} asks when the library opens on Sundays.",
            status=Comment.Status.PENDING,
        )
        for name in ("Lena", "Karim", "Ilse")
    ]


def test_the_dashboard_and_the_menu_count_held_comments(client, held):
    client.force_login(member("moderator", MODERATORS))
    html = client.get(HOME).content.decode()
    assert re.search(r"<strong data-held-count>3</strong> comments held", html)
    assert "Comments (3 held)" in html  # the menu item, in the sidebar's data
    assert "Lena asks when the library opens" in html


def test_a_held_comment_is_approved_from_the_dashboard(client, held):
    client.force_login(member("moderator", MODERATORS))
    lena = held[0]
    response = client.post(
        reverse("comments_admin:index"),
        {"status": "pending", "do": f"approve:{lena.pk}", "next": HOME},
    )
    assert response.status_code == 302 and response.url == HOME
    lena.refresh_from_db()
    assert lena.status == Comment.Status.APPROVED
    html = client.get(HOME).content.decode()
    assert re.search(r"<strong data-held-count>2</strong> comments held", html)
    assert "Comments (2 held)" in html


def test_the_dashboard_never_sends_a_moderator_off_the_admin(client, held):
    client.force_login(member("moderator", MODERATORS))
    response = client.post(
        reverse("comments_admin:index"),
        {"status": "pending", "do": f"trash:{held[1].pk}", "next": "https://evil.example/admin/"},
    )
    assert response.url.startswith(reverse("comments_admin:index"))


def test_writers_see_no_comment_panel_or_count(client, held):
    client.force_login(member("writer", WRITERS))
    html = client.get(HOME).content.decode()
    assert "data-held-count" not in html
    assert "held)" not in html
