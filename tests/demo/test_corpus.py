"""The synthetic benchmark corpus: written in bulk, it must still be an ordinary Wagtail site."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Page

from masthead.demo.corpus import decode_step, encode_step, generate_corpus
from masthead.news.authoring import add_article
from masthead.news.models import (
    ARTICLES_PER_LISTING,
    ArticleAuthor,
    ArticlePage,
    AuthorPage,
    SectionPage,
)

pytestmark = pytest.mark.django_db

ARTICLES = 60


@pytest.fixture
def corpus():
    # Two sections, so that at least one holds more than a listing page; small
    # batches, so that paths continue correctly from one batch to the next.
    return generate_corpus(ARTICLES, sections=2, authors=4, tags=12, seed=7, batch_size=25)


def assert_tree_is_whole() -> None:
    assert Page.find_problems() == ([], [], [], [], [])
    for section in SectionPage.objects.all():
        assert section.numchild == section.get_children().count()


def test_the_corpus_is_what_was_asked_for(corpus):
    assert (corpus.articles, corpus.sections, corpus.authors, corpus.tags) == (ARTICLES, 2, 4, 12)
    assert ArticlePage.objects.live().count() == ARTICLES
    assert SectionPage.objects.count() == 2
    assert AuthorPage.objects.count() == 4


def test_every_article_answers_with_its_headline_and_text(client, corpus):
    for article in ArticlePage.objects.all():
        response = client.get(article.url)
        assert response.status_code == 200, article.url
        html = response.content.decode()
        assert f'<h1 class="article__headline">{escape(article.title)}</h1>' in html
        assert escape(article.standfirst) in html
        last_paragraph = article.body.raw_data[-1]["value"]
        assert last_paragraph in html


def test_section_listing_pages_through_all_its_stories(client, corpus):
    section = max(SectionPage.objects.all(), key=lambda s: s.get_children().count())
    stories = list(ArticlePage.objects.child_of(section).order_by("-first_published_at", "-pk"))
    assert len(stories) > ARTICLES_PER_LISTING
    listed = []
    number = 1
    while True:
        response = client.get(section.url, {"page": number})
        if response.status_code == 404:
            break
        assert response.status_code == 200
        html = response.content.decode()
        listed += [story for story in stories if f'href="{story.url}"' in html]
        number += 1
    assert number - 1 == -(-len(stories) // ARTICLES_PER_LISTING)
    assert listed == stories  # each story once, newest first


def test_slugs_are_unique_within_each_section_and_make_the_url(corpus):
    for section in SectionPage.objects.all():
        children = ArticlePage.objects.child_of(section)
        slugs = list(children.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
        for article in children:
            assert article.url_path == f"{section.url_path}{article.slug}/"


def test_tags_link_to_pages_that_list_the_story(client, corpus):
    article = ArticlePage.objects.filter(tagged_items__isnull=False).first()
    tag = article.tags.order_by("name").first()
    html = client.get(article.url).content.decode()
    assert f'href="/tags/{tag.slug}/" rel="tag"' in html
    newest = ArticlePage.objects.filter(tags=tag).order_by("-first_published_at", "-pk").first()
    tag_page = client.get(f"/tags/{tag.slug}/")
    assert tag_page.status_code == 200
    assert escape(newest.title) in tag_page.content.decode()


def test_every_story_credits_one_to_three_authors(client, corpus):
    for article in ArticlePage.objects.all():
        credits = list(ArticleAuthor.objects.filter(article=article).order_by("sort_order"))
        assert 1 <= len(credits) <= 3
        assert [credit.sort_order for credit in credits] == list(range(len(credits)))
    article = ArticlePage.objects.first()
    author = article.article_authors.first().author
    html = client.get(article.url).content.decode()
    assert f'<a href="{author.url}" rel="author">{escape(author.title)}</a>' in html
    newest = (
        ArticlePage.objects.filter(article_authors__author=author)
        .order_by("-first_published_at", "-pk")
        .first()
    )
    assert escape(newest.title) in client.get(author.url).content.decode()


def test_stories_are_stored_as_the_editor_would_save_them(corpus):
    for article in ArticlePage.objects.all():
        assert article.live and not article.has_unpublished_changes
        assert article.first_published_at <= article.last_published_at
        blocks = article.body.raw_data
        assert 5 <= len(blocks) <= 8
        assert {block["type"] for block in blocks} == {"paragraph"}
        assert all(uuid.UUID(block["id"]).version == 4 for block in blocks)
        assert article.summary == article.opening_text()


def test_the_tree_is_consistent(corpus):
    assert_tree_is_whole()


def test_a_second_run_adds_more_without_breaking_the_tree(client, corpus):
    # The same seed writes the same headlines again: their slugs must not collide.
    again = generate_corpus(30, sections=3, authors=4, tags=12, seed=7, batch_size=25)
    assert again.articles == 30
    assert ArticlePage.objects.count() == ARTICLES + 30
    assert SectionPage.objects.count() == 3
    assert AuthorPage.objects.count() == 4
    assert_tree_is_whole()
    for section in SectionPage.objects.all():
        slugs = list(ArticlePage.objects.child_of(section).values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
    newest_ids = ArticlePage.objects.order_by("-pk").values_list("pk", flat=True)[:30]
    for article in ArticlePage.objects.filter(pk__in=list(newest_ids)):
        assert client.get(article.url).status_code == 200


def test_editors_can_revise_stories_and_add_new_ones_beside_them(client, corpus):
    article = ArticlePage.objects.first()
    article.title = "Corrected headline"
    article.save_revision().publish()
    assert "Corrected headline" in client.get(article.url).content.decode()

    section = article.get_parent().specific
    added = add_article(section, "Written in the admin", paragraphs=["A real story."])
    assert client.get(added.url).status_code == 200
    assert_tree_is_whole()


def test_the_command_reports_what_it_added():
    out = StringIO()
    call_command(
        "generate_corpus",
        articles=5,
        sections=1,
        authors=2,
        tags=3,
        seed=1,
        verbosity=0,
        stdout=out,
    )
    assert "Added 5 synthetic articles" in out.getvalue()
    assert ArticlePage.objects.count() == 5


def test_path_steps_count_in_treebeards_alphabet():
    assert encode_step(1) == "0001"
    assert encode_step(36) == "0010"
    assert all(decode_step(encode_step(number)) == number for number in (1, 35, 36, 1295, 99_999))
    with pytest.raises(ValueError):
        encode_step(len(Page.alphabet) ** Page.steplen)


def test_generated_comments_are_approved_threads_shown_on_their_stories(client):
    from masthead.comments.models import Comment

    generate_corpus(40, sections=2, authors=3, tags=5, seed=3, comments_per_article=5)
    comments = Comment.objects.all()
    assert 150 <= comments.count() <= 250
    assert not comments.exclude(status=Comment.Status.APPROVED).exists()
    for reply in comments.filter(parent__isnull=False).select_related("parent")[:50]:
        assert reply.article_id == reply.parent.article_id
        assert reply.depth == reply.parent.depth + 1
    story = ArticlePage.objects.filter(pk__in=comments.values("article_id")).order_by("?").first()
    first = comments.filter(article=story, parent__isnull=True).order_by("created_at").first()
    assert escape(first.author_name) in client.get(story.url).content.decode()
