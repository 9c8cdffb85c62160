"""What readers see of footnotes and quotations in imported stories.

Footnotes come from the block editor (``<sup data-fn>`` references, the notes in
the ``footnotes`` post meta, a ``core/footnotes`` block where the list goes) and
from the classic editor's footnote plugins (``[efn_note]``, ``[footnote]``,
``((…))``). Quotes and pull quotes are the theme unit test's own blocks.
"""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from wordpress_helpers import post, run_import, wxr

from masthead.news.models import ArticlePage, StandardPage

pytestmark = pytest.mark.django_db

THEME_UNIT_TEST = Path(__file__).parent / "fixtures" / "wxr" / "wptt-theme-unit-test.xml"
NOTE_ONE = "d8d7b1c2-5a3e-4f0e-9b6f-1f2e3d4c5b6a"
NOTE_TWO = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"


def reference(note_id: str, number: int) -> str:
    """A footnote reference as WordPress 6.3+ saves it in a paragraph."""
    return (
        f'<sup data-fn="{note_id}" class="fn"><a href="#{note_id}" id="{note_id}-link">'
        f"{number}</a></sup>"
    )


def footnotes_meta(notes: list[tuple[str, str]]) -> str:
    # As wp_json_encode writes it: "/" escaped, non-ASCII as \\u escapes.
    value = json.dumps([{"content": content, "id": note_id} for note_id, content in notes])
    value = value.replace("/", "\\/")
    return (
        "<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    return path


def page_of(client, slug: str, model=ArticlePage) -> str:
    response = client.get(model.objects.get(slug=slug).url)
    assert response.status_code == 200
    return response.content.decode()


def notes_list(html: str) -> list[str]:
    """The text of each note in the page's note list, in order."""
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r'<li id="footnote-\d+">(.*?)</li>', html, re.DOTALL)
    ]


def test_block_editor_footnotes_are_numbered_and_linked_both_ways(site, tmp_path, client):
    content = (
        "<!-- wp:paragraph -->\n"
        f"<p>The ferry sails at dawn{reference(NOTE_ONE, 1)} from the old pier"
        f"{reference(NOTE_TWO, 2)}.</p>\n<!-- /wp:paragraph -->\n\n"
        "<!-- wp:footnotes /-->\n\n"
        "<!-- wp:paragraph -->\n<p>Tickets are sold on board.</p>\n<!-- /wp:paragraph -->"
    )
    meta = footnotes_meta(
        [
            (
                NOTE_ONE,
                'Weather permitting, says the <a href="https://ferry.example/">operator</a>.',
            ),
            (NOTE_TWO, "Built in 1902 <script>alert(1)</script><em>café</em> included."),
        ]
    )
    run_import(write(tmp_path, wxr(post(1, "Ferry", slug="ferry", content=content, extra=meta))))
    html = page_of(client, "ferry")

    assert '<a href="#footnote-1" id="footnote-ref-1">[1]</a>' in html
    assert '<a href="#footnote-2" id="footnote-ref-2">[2]</a>' in html
    assert "<h2>Notes</h2>" in html
    assert notes_list(html) == [
        "Weather permitting, says the operator. ↩ back to text",
        "Built in 1902 café included. ↩ back to text",
    ]
    assert html.count('href="#footnote-ref-1"') == 1
    assert html.count('href="#footnote-ref-2"') == 1
    assert '<a href="https://ferry.example/">operator</a>' in html
    assert "alert(1)" not in html
    assert NOTE_ONE not in html  # no link left to WordPress's own anchors
    # The list stands where the writer put the footnotes block.
    assert html.index("<h2>Notes</h2>") < html.index("Tickets are sold on board.")


def test_double_brackets_used_as_faces_stay_text(site, tmp_path, client):
    """Russian and Armenian writers draw moods with brackets: "((" sad, "))" happy."""
    content = "Жаль(( Но завтра будет лучше)) Увидимся ((\n\nԱյո, շատ լավ է ))"
    run_import(write(tmp_path, wxr(post(1, "Настроение", slug="mood", content=content))))
    html = page_of(client, "mood")
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert "Жаль(( Но завтра будет лучше)) Увидимся ((" in text
    assert "Այո, շատ լավ է ))" in text
    assert "<h2>Notes</h2>" not in html


def test_footnote_plugins_markup_becomes_the_same_footnotes(site, tmp_path, client):
    content = (
        "The council met on Monday[efn_note]In the harbour office, <b>not</b> the town hall."
        "[/efn_note] and voted ((By seven votes to two.)) for the budget.\n\n"
        "A second vote ((By seven votes to two.)) passed too. "
        "The clerk counted $((7+2)) hands[footnote]Nine councillors were there.[/footnote]."
    )
    about = post(2, "About", slug="about", post_type="page", content="We print[ref]Weekly.[/ref].")
    report = run_import(
        write(tmp_path, wxr(post(1, "Budget", slug="budget", content=content) + about))
    )
    html = page_of(client, "budget")
    text = unescape(re.sub(r"<[^>]+>", "", html))

    assert "The council met on Monday[1] and voted[2] for the budget." in text
    assert "A second vote[2] passed too." in text  # the same note, numbered once
    assert "The clerk counted $((7+2)) hands[3]." in text
    assert notes_list(html) == [
        "In the harbour office, not the town hall. ↩ back to text",
        "By seven votes to two. ↩ back to text",
        "Nine councillors were there. ↩ back to text",
    ]
    assert "efn_note" not in html and "[footnote]" not in html
    assert "efn_note" not in report  # not reported as an unknown shortcode

    about_page = page_of(client, "about", StandardPage)
    assert '<a href="#footnote-1" id="footnote-ref-1">[1]</a>' in about_page
    assert notes_list(about_page) == ["Weekly. ↩ back to text"]


def real_item(title: str) -> str:
    """One ``<item>`` of the theme unit test export, exactly as it is there."""
    text = THEME_UNIT_TEST.read_text(encoding="utf-8")
    at = text.index(f"<title>{title}</title>")
    start = text.rindex("<item>", 0, at)
    return text[start : text.index("</item>", at) + len("</item>")]


def test_quotes_and_pull_quotes_keep_their_citations(site, tmp_path, client):
    header = THEME_UNIT_TEST.read_text(encoding="utf-8")
    header = header[: header.index("<item>")]
    classic = post(
        2,
        "Classic quotes",
        slug="classic-quotes",
        content=(
            "<blockquote>We will <em>not</em> close the pier.\n\nNot this year.</blockquote>\n\n"
            "<blockquote><p>The tide waits for no one.</p><p>— <cite>Ana Ruiz</cite>, harbour "
            "master</p></blockquote>\n\n"
            "<blockquote>As <cite>The Courier</cite> wrote, the pier stays.</blockquote>"
        ),
    ).replace("<item>", '<item><category domain="category" nicename="block">Block</category>')
    export = header + real_item("Block: Quote") + classic + "</channel></rss>\n"
    run_import(write(tmp_path, export))

    html = page_of(client, "block-quotes")
    assert "<p>Gutenberg is more than an editor.</p><footer>— The Gutenberg Team</footer>" in html
    assert "<footer>— Johannes Gutenberg</footer>" in html
    assert "<footer>— Theme Review</footer>" in html
    pull_quotes = re.findall(
        r'<figure class="pullquote"><blockquote>(.*?)</blockquote><figcaption>(.*?)</figcaption>',
        html,
        re.DOTALL,
    )
    assert [(re.sub(r"<[^>]+>", "", q), c) for q, c in pull_quotes] == [
        ("In addition to the quote block, we also have the pull quote.", "— Theme Reviewer"),
        ("a solid color style", "— Theme Reviewer"),
    ]

    html = page_of(client, "classic-quotes")
    assert "<p>We will not close the pier.</p>\n\n<p>Not this year.</p></blockquote>" in html
    assert "<p>The tide waits for no one.</p><footer>— Ana Ruiz, harbour master</footer>" in html
    assert "<p>As The Courier wrote, the pier stays.</p></blockquote>" in html


def test_inline_markup_keeps_its_words_in_their_sentence(site, tmp_path, client):
    # The theme unit test's post on HTML tags: <strike>, <small>, <tt>, <var>, <q>,
    # <cite>, <del>, <ins>, <kbd>, <abbr> in running text.
    header = THEME_UNIT_TEST.read_text(encoding="utf-8")
    header = header[: header.index("<item>")]
    run_import(
        write(
            tmp_path, header + real_item("Markup: HTML Tags and Formatting") + "</channel></rss>\n"
        )
    )
    html = page_of(client, "markup-html-tags-and-formatting")
    paragraphs = [
        unescape(re.sub(r"<[^>]+>", "", p)).strip()
        for p in re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
    ]
    for sentence in (
        "This tag shows strike-through text.",
        "This tag shows smaller text.",
        "This rarely used tag emulates teletype text, which is usually styled like the <code> tag.",
        "This allows you to denote variables.",
        'The abbreviation srsly stands for "seriously".',
        "This tag should denote inserted text.",
        "This scarcely known tag emulates keyboard text, which is usually styled like the "
        "<code> tag.",
        "“Developers, developers, developers...” --Steve Ballmer",
    ):
        assert sentence in paragraphs
