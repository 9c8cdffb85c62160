"""oEmbed for stories, the embeddable card, and the per-story comments feed."""

import feedparser
import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


def oembed(client, **params):
    return client.get("/oembed/", params)


def test_oembed_answers_a_rich_card_for_a_story(client, article, author):
    url = f"http://testserver{article.url}"
    response = oembed(client, url=url, maxwidth="480")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == article.title
    assert data["provider_name"] == "The Test Gazette"
    assert data["author_name"] == "Anahit Petrosyan"
    assert data["width"] == 480 and data["height"] > 0
    assert f'src="http://testserver/embed/{article.pk}/"' in data["html"]
    assert data["thumbnail_url"].startswith("http://testserver/media/images/")
    assert "email" not in str(data)


def test_stories_advertise_their_oembed_address(client, article):
    html = client.get(article.url).content.decode()
    assert 'type="application/json+oembed"' in html
    assert "/oembed/?url=http%3A%2F%2Ftestserver%2Fcommunity%2F" in html


def test_the_embed_card_may_be_framed_and_links_to_the_story(client, article):
    response = client.get(f"/embed/{article.pk}/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    html = response.content.decode()
    assert f'href="http://testserver{article.url}"' in html
    assert "<script" not in html
    assert client.get(article.url)["X-Frame-Options"] == "DENY"  # the site itself stays unframed


@pytest.mark.parametrize(
    "params, status",
    [
        ({}, 400),
        ({"url": "javascript:alert(1)"}, 400),
        ({"url": "http://elsewhere.example/community/x/"}, 404),
        ({"url": "http://testserver/community/no-such-story/"}, 404),
        ({"url": "http://testserver/community/"}, 404),  # a section is not a story
        ({"url": "http://testserver/x/", "format": "xml"}, 501),
        ({"url": "http://testserver/x/", "maxwidth": "wide"}, 400),
        ({"url": "http://testserver/" + "a" * 5000}, 400),
    ],
)
def test_bad_oembed_requests_get_clear_errors(client, article, params, status):
    response = oembed(client, **params)
    assert response.status_code == status
    assert response.json()["error"]


def test_drafts_have_no_oembed_or_card(client, section):
    from masthead.news.authoring import add_article

    draft = add_article(section, "Not yet", paragraphs=["x"], publish=False)
    assert oembed(client, url=f"http://testserver/community/{draft.slug}/").status_code == 404
    assert client.get(f"/embed/{draft.pk}/").status_code == 404
    assert client.get("/embed/" + "9" * 30 + "/").status_code == 404
    assert client.get("/feeds/comments/" + "9" * 30 + "/rss/").status_code == 404


# Comments feed -------------------------------------------------------------

needs_comments = pytest.mark.skipif(
    not apps.is_installed("masthead.comments"), reason="the comments app is not installed"
)


@needs_comments
def test_comments_feed_lists_approved_comments_only_and_no_private_data(client, article):
    from masthead.comments.models import Comment

    html = client.get(article.url).content.decode()
    assert f"/feeds/comments/{article.pk}/rss/" not in html  # nothing to follow yet
    Comment.objects.create(
        article=article,
        author_name="Reader & Friend",
        author_email="reader.private@example.org",
        author_ip="203.0.113.9",
        body="Great news for the <district>!",
        status="approved",
    )
    Comment.objects.create(article=article, author_name="Spammer", body="buy pills", status="spam")
    Comment.objects.create(article=article, author_name="Waiting", body="hmm", status="pending")
    for fmt in ("rss", "atom"):
        response = client.get(f"/feeds/comments/{article.pk}/{fmt}/")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        assert [entry.author for entry in feed.entries] == ["Reader & Friend"]
        assert "Great news for the &lt;district&gt;!" in feed.entries[0].summary
        assert b"reader.private@example.org" not in response.content
        assert b"203.0.113.9" not in response.content
    html = client.get(article.url).content.decode()
    assert f"/feeds/comments/{article.pk}/rss/" in html
