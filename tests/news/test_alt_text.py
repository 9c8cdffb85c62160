"""A story's pictures are described before it reaches readers; drafts may wait."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from newsroom_staff import story_form
from wagtail.test.utils.form_data import rich_text

from masthead.core.roles import WRITERS, ensure_newsroom_roles
from masthead.news.authoring import add_article
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client, home):
    ensure_newsroom_roles()
    user = User.objects.create_user("writer", "writer@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name=WRITERS))
    client.force_login(user)
    return user


def with_picture(figure: dict) -> list:
    """An opening paragraph and one body picture, as the picture block posts it."""
    picture = {"caption": "", "credit": "", "alt_text": "", **figure}
    return [("paragraph", rich_text("<p>Opening words.</p>")), ("image", picture)]


@pytest.fixture
def undescribed(picture):
    picture.description = ""
    picture.save()
    return picture


def add(client, section, data):
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    return client.post(url, data)


def test_a_draft_may_keep_an_undescribed_picture(client, writer, section, undescribed):
    response = add(
        client, section, story_form("Harbour draft", body=with_picture({"image": undescribed.pk}))
    )
    assert response.status_code == 302
    assert ArticlePage.objects.filter(title="Harbour draft").exists()


def test_submitting_an_undescribed_picture_is_refused_with_a_clear_message(
    client, writer, section, undescribed
):
    data = story_form(
        "Harbour story", body=with_picture({"image": undescribed.pk}), **{"action-submit": "1"}
    )
    response = add(client, section, data)
    assert response.status_code == 200
    assert "“Harbour at dawn” in the body has no alt text" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Harbour story").exists()


@pytest.mark.parametrize(
    "figure",
    [{"alt_text": "Boats moored at first light"}, {"decorative": "on"}],
)
def test_alt_text_or_decorative_lets_the_story_go_to_review(
    client, writer, section, undescribed, figure
):
    data = story_form(
        "Harbour ready",
        body=with_picture({"image": undescribed.pk, **figure}),
        **{"action-submit": "1"},
    )
    assert add(client, section, data).status_code == 302
    story = ArticlePage.objects.get(title="Harbour ready")
    assert story.current_workflow_state is not None


def test_the_reader_gets_the_alt_text_or_nothing_for_a_decorative_picture(client, section, picture):
    story = add_article(
        section,
        "Two pictures",
        body=[
            ("image", {"image": picture, "alt_text": "Boats at first light"}),
            ("image", {"image": picture, "decorative": True, "caption": "Seen from the pier"}),
        ],
    )
    html = client.get(story.url).content.decode()
    assert 'alt="Boats at first light"' in html
    assert 'alt=""' in html.split("Boats at first light", 1)[1]
