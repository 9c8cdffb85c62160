"""Pictures are served responsive, in modern formats, with alt text and credits."""

import pytest

from masthead.news.authoring import add_article

pytestmark = pytest.mark.django_db


def test_featured_image_is_a_responsive_picture_with_alt_and_credit(client, section, picture):
    story = add_article(section, "Boats return", paragraphs=["x"], featured_image=picture)
    html = client.get(story.url).content.decode()
    figure = html.split('class="article__figure"', 1)[1].split("</figure>", 1)[0]
    assert 'type="image/avif"' in figure
    assert 'type="image/webp"' in figure
    assert figure.count(" 480w") >= 2 and " 1200w" in figure
    assert 'alt="Fishing boats moored in the harbour at dawn"' in figure
    assert "Photo: Test Desk" in figure


def test_body_figure_uses_its_caption_and_the_image_credit(client, section, picture):
    story = add_article(
        section,
        "Gallery",
        body=[("image", {"image": picture, "caption": "The old pier", "credit": ""})],
    )
    html = client.get(story.url).content.decode()
    assert "The old pier" in html
    assert "Photo: Test Desk" in html
    assert 'loading="lazy"' in html


def test_listing_cards_show_thumbnails(client, section, picture):
    add_article(section, "With picture", paragraphs=["x"], featured_image=picture)
    html = client.get(section.url).content.decode()
    assert "<picture>" in html
    assert 'type="image/webp"' in html
