"""What a reader sees on an article page, and what it costs the database."""

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.news.authoring import add_article, add_author, add_section
from masthead.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def first_paragraph(html: str) -> str:
    body = html.split('class="article__body"', 1)[1]
    return re.search(r"<p\b[^>]*>(.*?)</p>", body, re.S).group(1)


def test_article_shows_headline_byline_date_dateline_signoff_and_tags(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__headline">Library reopens after two-year renovation</h1>' in html
    assert re.search(
        r'By <a href="/authors/anahit-petrosyan/" rel="author">Anahit Petrosyan</a>', html
    )
    # Whole seconds: the HTML checker refuses more than three digits of a second.
    published = timezone.localtime(article.first_published_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'datetime="{published}"' in html
    lead = first_paragraph(html)
    assert lead.startswith('<span class="dateline">STOCKHOLM —</span> The central library')
    assert '<p class="signoff">THE TEST GAZETTE</p>' in html
    assert 'href="/tags/libraries/" rel="tag">Libraries</a>' in html
    assert "A reading room for every district." in html
    assert '<a href="/community/">Community</a>' in html


def test_two_authors_read_a_and_b(client, section, author):
    second = add_author("Lev Petrov")
    story = add_article(section, "Joint report", paragraphs=["Text."], authors=[author, second])
    html = client.get(story.url).content.decode()
    assert re.search(r"By <a [^>]*>Anahit Petrosyan</a> and <a [^>]*>Lev Petrov</a>", html)
    assert story.byline == "By Anahit Petrosyan and Lev Petrov"


def test_dateline_source_credit_is_printed(client, section):
    story = add_article(
        section,
        "Talks resume",
        paragraphs=["Negotiators met again on Tuesday."],
        dateline_place="Ankara",
        dateline_source="Northwire",
    )
    lead = first_paragraph(client.get(story.url).content.decode())
    assert lead.startswith('<span class="dateline">ANKARA (Northwire) —</span> Negotiators')


def test_dateline_goes_into_the_first_paragraph_even_after_an_image_or_heading(client, section):
    story = add_article(
        section,
        "Heading first",
        body=[
            ("heading", {"text": "Background", "level": "h2"}),
            ("paragraph", RichText("<p>First words.</p>")),
        ],
        dateline_place="Yerevan",
    )
    html = client.get(story.url).content.decode()
    assert "<h2>Background</h2>" in html
    assert '<span class="dateline">YEREVAN —</span> First words.' in html


@pytest.mark.parametrize(
    "typed",
    [
        "KILNWORTH — The council voted.",
        "Kilnworth – The council voted.",
        "KILNWORTH (Northwire) - The council voted.",
        "kilnworth -- The council voted.",
    ],
)
def test_a_dateline_the_writer_typed_is_not_printed_twice(client, section, typed):
    story = add_article(
        section, f"Typed {typed[:12]}", paragraphs=[typed], dateline_place="Kilnworth"
    )
    html = client.get(story.url).content.decode()
    assert 'class="dateline"' not in html
    assert first_paragraph(html) == typed
    assert story.teaser(200) == typed


def test_a_body_that_only_starts_with_the_place_still_gets_the_dateline(client, section):
    story = add_article(
        section,
        "Council",
        paragraphs=["Kilnworth-on-Sea council voted. Kilnworth council too."],
        dateline_place="Kilnworth",
    )
    lead = first_paragraph(client.get(story.url).content.decode())
    assert lead.startswith('<span class="dateline">KILNWORTH —</span> Kilnworth-on-Sea')


def test_text_from_editors_is_escaped(client, section):
    story = add_article(
        section,
        "<script>alert(1)</script> & more",
        paragraphs=["<b>not bold</b>"],
        dateline_place="<img src=x>",
    )
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<b>not bold</b>" not in html
    assert "&lt;IMG SRC=X&gt; —" in html


def test_generated_excerpt_is_the_dateline_led_opening_cut_at_a_word(article):
    teaser = article.teaser(60)
    assert teaser.startswith("STOCKHOLM — The central library reopened")
    assert teaser.endswith("…")
    assert len(teaser) <= 60
    assert " " not in teaser[-2:]


def test_editors_own_excerpt_wins(section):
    story = add_article(
        section, "Own excerpt", paragraphs=["Body text."], excerpt="Written by the editor."
    )
    assert story.teaser() == "Written by the editor."


def test_summary_follows_the_body_when_republished(article):
    revision_page = ArticlePage.objects.get(pk=article.pk)
    revision_page.body = [("paragraph", RichText("<p>A completely new opening.</p>"))]
    revision_page.save_revision().publish()
    article.refresh_from_db()
    assert article.summary == "A completely new opening."


def test_share_links_are_plain_links_without_scripts(client, article):
    html = client.get(article.url).content.decode()
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    for target in (
        "mailto:",
        "https://x.com/intent/post",
        "facebook.com/sharer",
        "wa.me",
        "t.me/share",
    ):
        assert target in share
    # Structured data (JSON-LD) is data, not code: no script a browser would run.
    assert not re.search(r"<script(?![^>]*application/ld\+json)", html, re.I)


def test_share_links_name_the_address_the_site_is_served_at(client, article):
    """The Site record says 127.0.0.1:8000 or testserver; readers came in at :9123."""
    html = client.get(article.url, HTTP_HOST="127.0.0.1:9123").content.decode()
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    story_url = f"http://127.0.0.1:9123{article.url}"
    assert quote(story_url, safe="") in share
    assert ":8000" not in share and "testserver" not in share


def test_page_has_no_third_party_resources(client, article):
    html = client.get(article.url).content.decode()
    for tag in re.findall(r"<(?:script|link|img|source)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href|srcset)="([^"]+)"', tag):
            own_site = url.startswith(("http://testserver/", "/", "data:")) and not url.startswith(
                "//"
            )
            assert own_site, tag


def article_page_queries(client, story) -> int:
    client.get(story.url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.url).status_code == 200
    return len(queries)


def test_article_queries_do_not_grow_with_authors_tags_or_sections(client, home, section):
    small = add_article(
        section,
        "Small",
        paragraphs=["One."],
        authors=[add_author("Only One")],
        tags=["one"],
        dateline_place="Paris",
    )
    baseline = article_page_queries(client, small)

    for index in range(6):
        add_section(home, f"Extra section {index}")
    many_authors = [add_author(f"Writer {index}") for index in range(6)]
    big = add_article(
        section,
        "Big",
        paragraphs=["One.", "Two."],
        authors=many_authors,
        tags=[f"tag {index}" for index in range(10)],
        dateline_place="Paris",
    )
    assert article_page_queries(client, big) == baseline
    assert article_page_queries(client, small) == baseline


def test_a_table_reaches_readers_as_a_table_with_headings_and_caption(client, section):
    table = {
        "columns": [{"type": "text", "heading": "Ward"}, {"type": "text", "heading": "Turnout"}],
        "rows": [{"values": ["Harbour", "48%"]}, {"values": ["St Aubin's Hill", "61%"]}],
        "caption": "Turnout by ward",
    }
    story = add_article(section, "Results", body=[("table", table)])
    html = client.get(story.url).content.decode()
    assert (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Turnout by ward">' in html
    )
    assert "<caption>Turnout by ward</caption>" in html
    assert '<th scope="col">Ward</th><th scope="col">Turnout</th>' in html
    assert "<td>St Aubin&#x27;s Hill</td><td>61%</td>" in html


def test_a_table_without_headings_prints_no_empty_header_row(client, section):
    table = {
        "columns": [{"type": "text", "heading": ""}, {"type": "text", "heading": ""}],
        "rows": [{"values": ["A", "1"]}],
        "caption": "",
    }
    story = add_article(section, "Plain table", body=[("table", table)])
    html = client.get(story.url).content.decode()
    assert "<td>A</td><td>1</td>" in html
    assert "<thead>" not in html and 'aria-label="Table"' in html


def test_a_video_plays_in_the_page_with_its_transcript(client, section, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    video = get_document_model().objects.create(
        title="Harbour tour", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="tour.mp4")
    )
    story = add_article(
        section,
        "Tour",
        body=[
            ("media", {"file": video, "caption": "The new quay", "transcript": "Gulls.\n\nWind."})
        ],
    )
    html = client.get(story.url).content.decode()
    assert f'<video controls preload="metadata" playsinline src="{video.file.url}">' in html
    assert "<summary>Transcript</summary><p>Gulls.</p>" in html
    assert "The new quay" in html


def test_preformatted_text_reaches_readers_with_its_spaces_escaped(client, section):
    code = "if turnout > 0.5:\n    print('<quorum>')"
    story = add_article(section, "Code", body=[("preformatted", code)])
    html = client.get(story.url).content.decode()
    assert (
        '<pre class="preformatted" tabindex="0">'
        "if turnout &gt; 0.5:\n    print(&#x27;&lt;quorum&gt;&#x27;)</pre>"
    ) in html


def test_the_header_says_how_long_the_story_takes_to_read(client, section):
    long_read = add_article(section, "Long read", paragraphs=["harbour " * 230] * 4)
    short = add_article(section, "Brief", paragraphs=["The ferry left on time."])
    assert "4 min read" in client.get(long_read.url).content.decode()
    assert "1 min read" in client.get(short.url).content.decode()
