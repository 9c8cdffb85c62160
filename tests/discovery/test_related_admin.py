"""Editors pin and exclude related stories in the article editor."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.discovery.models import RelatedArticle, RelatedExclusion, RelatedPin


def edit_form(article, pins=(), exclusions=()) -> dict:
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "standfirst": "",
            "dateline_place": "",
            "dateline_source": "",
            "body": streamfield([("paragraph", rich_text("<p>Books for everyone.</p>"))]),
            "source_signoff": "",
            "excerpt": "",
            "tags": "",
            "featured_image_caption": "",
            "article_authors": inline_formset([]),
            "related_pins": inline_formset([{"pinned": story.pk} for story in pins]),
            "related_exclusions": inline_formset([{"excluded": story.pk} for story in exclusions]),
            "action-publish": "1",
        }
    )


@pytest.mark.django_db
def test_editor_pins_and_excludes_in_the_admin_and_the_block_follows(
    admin_client, story, django_capture_on_commit_callbacks
):
    source = story("Library reopens", "Books for everyone in the library reading rooms.")
    similar = story("Library adds desks", "Books and desks for everyone in the library.")
    unrelated = story("Football club wins the derby", "The striker scored twice.")
    edit_url = reverse("wagtailadmin_pages:edit", args=(source.pk,))
    assert b"You May Also Like" in admin_client.get(edit_url).content

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            edit_url, edit_form(source, pins=[unrelated], exclusions=[similar])
        )
    assert response.status_code == 302
    assert RelatedPin.objects.filter(article=source, pinned=unrelated).exists()
    assert RelatedExclusion.objects.filter(article=source, excluded=similar).exists()
    titles = [
        row.target.title
        for row in RelatedArticle.objects.filter(source=source).select_related("target")
    ]
    assert titles[0] == unrelated.title
    assert similar.title not in titles
