"""The editor's admin opens every page type and previews a story before it is published."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home):
    user = User.objects.create_superuser("chief", "chief@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_edit_views_open_for_every_page_type(editor_client, home, section, article, author):
    from masthead.news.models import AuthorIndexPage, TagIndexPage

    for page in (
        home,
        section,
        article,
        author,
        AuthorIndexPage.objects.get(),
        TagIndexPage.objects.get(),
    ):
        response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page


def test_add_article_form_offers_byline_dateline_and_body(editor_client, section):
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))
    html = editor_client.get(url).content.decode()
    for field in (
        "dateline_place",
        "dateline_source",
        "standfirst",
        "source_signoff",
        "article_authors",
    ):
        assert field in html


def test_preview_shows_a_draft_with_its_dateline(editor_client, section):
    draft = add_article(
        section,
        "Draft for preview",
        paragraphs=["Unpublished words."],
        dateline_place="Paris",
        publish=False,
    )
    response = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=(draft.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="dateline">PARIS —</span> Unpublished words.' in html


def test_revisions_are_kept(editor_client, article):
    article.title = "A corrected headline"
    article.save_revision().publish()
    response = editor_client.get(reverse("wagtailadmin_pages:history", args=(article.pk,)))
    assert response.status_code == 200
    assert article.revisions.count() == 2
