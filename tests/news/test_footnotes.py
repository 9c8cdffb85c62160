"""An imported story's footnotes still link both ways after an editor saves it in the admin."""

import re

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText

from masthead.news.authoring import add_article
from masthead.news.blocks import PARAGRAPH_FEATURES

pytestmark = pytest.mark.django_db

# What the WordPress importer writes: a note referenced twice, and its list.
TEXT = (
    '<p>The council voted<a href="#footnote-1" id="footnote-ref-1">[1]</a> on Monday;'
    ' the second vote<a href="#footnote-1">[1]</a> passed<a href="#footnote-2"'
    ' id="footnote-ref-2">[2]</a>.</p>'
)
NOTES = (
    '<ol><li id="footnote-1">Seven votes to two. <a href="#footnote-ref-1">↩ back to text</a></li>'
    '<li id="footnote-2">In the harbour office. <a href="#footnote-ref-2">↩ back to text</a></li>'
    "</ol>"
)


def through_the_editor(html: str) -> str:
    """The HTML the admin stores after the rich-text editor opened and saved ``html``."""
    converter = ContentstateConverter(PARAGRAPH_FEATURES)
    return converter.to_database_format(converter.from_database_format(html))


def links_and_targets(html: str) -> tuple[list[str], list[str]]:
    return re.findall(r'href="#([^"]+)"', html), re.findall(r'\bid="(footnote[^"]+)"', html)


def test_the_editor_drops_footnote_ids_and_saving_puts_them_back(client, section):
    edited = [through_the_editor(TEXT), through_the_editor(NOTES)]
    assert 'id="' not in "".join(edited)  # what Wagtail's editor does, and why this exists

    story = add_article(section, "Budget", paragraphs=["x"])
    story.body = [("paragraph", RichText(edited[0])), ("paragraph", RichText(edited[1]))]
    story.save_revision().publish()

    html = client.get(story.url).content.decode()
    links, targets = links_and_targets(html)
    footnote_links = [link for link in links if link.startswith("footnote")]
    assert sorted(targets) == ["footnote-1", "footnote-2", "footnote-ref-1", "footnote-ref-2"]
    assert set(footnote_links) == set(targets)  # every link lands, on one element each
    assert html.index('id="footnote-ref-1"') < html.index('href="#footnote-1">[1]</a> passed')


def test_a_story_fresh_from_the_importer_is_stored_unchanged(section):
    story = add_article(section, "Budget", body=[("paragraph", TEXT), ("paragraph", NOTES)])
    story.refresh_from_db()
    assert [block.value.source for block in story.body] == [TEXT, NOTES]
