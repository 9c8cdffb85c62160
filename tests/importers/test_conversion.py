"""The pieces of the importer that need no database: bodies, shortcodes, dates, streaming."""

from datetime import UTC, datetime, timedelta

from masthead.importers.body import blocks_to_rich_text, convert_body
from masthead.importers.dates import LocalTime, resolve
from masthead.importers.shortcodes import split_shortcodes
from masthead.importers.wxr import Item, read_export


class Images:
    """Attachment 12 was imported as image 7; nothing else was."""

    def by_wordpress_id(self, wp_id):
        return 7 if wp_id == 12 else None

    def by_url(self, url):
        return 7 if "/uploads/2024/01/pier" in url else None

    def attached_to(self, post_id):
        return [12]

    def document_by_url(self, url):
        """The podcast episode was imported as document 5; no video was."""
        return 5 if "/uploads/2024/02/episode-12.mp3" in url else None

    def document_by_wordpress_id(self, wp_id):
        return {40: 5, 41: 6}.get(wp_id)


def kinds(content: str) -> list[str]:
    return [block["type"] for block in convert_body(content, Images()).blocks]


def test_classic_paragraphs_follow_wordpress_line_breaks():
    blocks = convert_body("One line\nsame paragraph\n\nSecond paragraph", Images()).blocks
    assert [b["value"] for b in blocks] == [
        "<p>One line<br>same paragraph</p>",
        "<p>Second paragraph</p>",
    ]


def test_unsafe_markup_never_reaches_a_block():
    content = (
        '<p onclick="steal()">Hi <a href="javascript:alert(1)">x</a> '
        '<a href="https://ok.example" style="color:red">ok</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example/x'></iframe>"
        "<style>p{}</style><h2 onmouseover='x()'>Safe <b>heading</b></h2>"
    )
    result = convert_body(content, Images())
    text = str(result.blocks)
    for bad in ("onclick", "javascript:", "script", "style", "onmouseover"):
        assert bad not in text
    assert '<a href="https://ok.example">ok</a>' in text
    assert {"type": "heading", "value": {"text": "Safe heading", "level": "h2"}} in result.blocks


def test_images_by_class_by_url_and_missing():
    result = convert_body(
        '<img class="wp-image-12" src="x.jpg"><img src="https://s.example/wp-content/uploads/'
        '2024/01/pier-1024x768.jpg"><img src="https://elsewhere.example/a.png" alt="Map">',
        Images(),
    )
    assert [b["type"] for b in result.blocks] == ["image", "image", "paragraph"]
    assert result.blocks[1]["value"]["image"] == 7
    assert "Image: Map" in result.blocks[2]["value"]
    assert result.notes.missing_images == ["https://elsewhere.example/a.png"]


def test_shortcodes_known_unknown_and_escaped():
    segments, unknown = split_shortcodes(
        'a [gallery ids="1,2"] b [embed]https://v.example/1[/embed] [poll id=3] [[gallery]]'
    )
    assert [getattr(s, "name", s) for s in segments] == [
        "a ",
        "gallery",
        " b ",
        "embed",
        " [poll id=3] [gallery]",
    ]
    assert segments[3].content == "https://v.example/1"
    assert unknown == ["poll"]
    assert kinds("[gallery]") == ["image"]  # no ids: the post's attached images
    assert kinds("[embed]https://vimeo.com/1[/embed]") == ["embed"]


def test_gutenberg_unknown_blocks_keep_their_text_and_are_counted():
    result = convert_body(
        '<!-- wp:acme/price {"amount":3} --><div>Three crowns</div><!-- /wp:acme/price -->'
        "<!-- wp:separator --><hr/><!-- /wp:separator -->"
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=x"} --><figure></figure>'
        "<!-- /wp:embed -->",
        Images(),
    )
    assert [b["type"] for b in result.blocks] == ["paragraph", "embed"]
    assert "Three crowns" in result.blocks[0]["value"]
    assert result.notes.unknown_blocks == {"acme/price": 1}


def test_long_headings_pullquotes_and_tables_stay_within_block_limits():
    result = convert_body(
        f"<h2>{'Long ' * 60}</h2>"
        f'<figure class="wp-block-pullquote"><blockquote><p>{"Quote " * 70}</p></blockquote>'
        "</figure><table><tr><td>A</td><td>1</td></tr></table>",
        Images(),
    )
    assert [b["type"] for b in result.blocks] == ["paragraph", "blockquote", "table"]


def test_tables_keep_their_rows_headings_and_caption():
    result = convert_body(
        "<table><caption>Turnout by ward</caption>"
        "<thead><tr><th>Ward</th><th>Turnout</th><th>Change</th></tr></thead>"
        "<tbody><tr><td>St Aubin's <b>Hill</b></td><td>61%</td></tr>"
        "<tr><td>Harbour</td><td>48%</td><td>+3</td></tr></tbody></table>",
        Images(),
    )
    [table] = result.blocks
    assert table["type"] == "table"
    assert table["value"]["caption"] == "Turnout by ward"
    assert [c["heading"] for c in table["value"]["columns"]] == ["Ward", "Turnout", "Change"]
    assert [row["values"] for row in table["value"]["rows"]] == [
        ["St Aubin's Hill", "61%", ""],
        ["Harbour", "48%", "+3"],
    ]


def test_a_table_without_a_header_row_has_no_headings():
    [table] = convert_body("<table><tr><td>A</td><td>1</td></tr></table>", Images()).blocks
    assert [c["heading"] for c in table["value"]["columns"]] == ["", ""]
    assert table["value"]["rows"] == [{"values": ["A", "1"]}]
    assert blocks_to_rich_text([table]) == "<p>A | 1</p>"


def test_plain_pages_get_rich_text():
    html = blocks_to_rich_text(
        convert_body('<h2>About</h2>Us & them<img class="wp-image-12">', Images()).blocks
    )
    assert html.startswith("<h2>About</h2><p>Us &amp; them</p>")
    assert '<embed embedtype="image" id="7"' in html


def test_dates_prefer_gmt_then_local_time():
    local = LocalTime()
    assert resolve("2024-03-01 08:00:00", "2024-03-01 09:00:00", local).value == datetime(
        2024, 3, 1, 8, tzinfo=UTC
    )
    assert resolve("0000-00-00 00:00:00", "2024-03-01 09:00:00", local).value == datetime(
        2024, 3, 1, 9, tzinfo=UTC
    )
    local.observe("2024-03-01 09:00:00", "2024-03-01 08:00:00")
    assert local.observed_offset == timedelta(hours=1)
    assert resolve("", "2024-03-01 09:00:00", local).source == "local"
    assert resolve("", "2024-03-01 09:00:00", local).value.hour == 8
    assert resolve("bad", "bad", local, "Tue, 12 Mar 2024 08:30:00 +0000").source == "pubdate"
    assert resolve("bad", "worse", local).value is None


def test_export_is_read_as_a_stream(tmp_path):
    export = tmp_path / "big.xml"
    with open(export, "w") as out:
        out.write('<rss xmlns:wp="http://wordpress.org/export/1.1/"><channel><title>T</title>')
        for n in range(2_000):
            out.write(f"<item><title>Post {n}</title><wp:post_id>{n}</wp:post_id>")
            out.write("<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>")
        out.write("</channel></rss>")
    seen = 0
    chunks = []
    for entry in read_export(export, on_bytes=chunks.append):
        if isinstance(entry, Item):
            assert entry.wp_id == seen and entry.post_type == "post"  # WXR 1.1 namespace too
            seen += 1
    assert seen == 2_000
    assert sum(chunks) == export.stat().st_size


EPISODE = "https://old.example/wp-content/uploads/2024/02/episode-12.mp3"


def test_imported_audio_plays_in_the_page_from_a_tag_a_block_or_a_shortcode():
    for content in (
        f'<audio controls src="{EPISODE}"></audio>',
        f'<figure class="wp-block-audio"><audio controls src="{EPISODE}"></audio>'
        "<figcaption>Episode 12: the harbour</figcaption></figure>",
        f'[audio mp3="{EPISODE}"][/audio]',
        f'[audio src="{EPISODE}"]',
    ):
        result = convert_body(content, Images())
        [block] = result.blocks
        assert block["type"] == "media", content
        assert block["value"]["file"] == 5
        assert not result.notes.flattened
    figure = convert_body(
        f'<figure class="wp-block-audio"><audio src="{EPISODE}"></audio>'
        "<figcaption>Episode 12: the harbour</figcaption></figure>",
        Images(),
    )
    assert figure.blocks[0]["value"]["caption"] == "Episode 12: the harbour"


def test_a_video_that_was_not_imported_stays_a_counted_link():
    result = convert_body(
        '[video width="640" mp4="https://old.example/wp-content/uploads/2024/02/tour.mp4"][/video]',
        Images(),
    )
    [block] = result.blocks
    assert block["type"] == "paragraph"
    assert 'href="https://old.example/wp-content/uploads/2024/02/tour.mp4"' in block["value"]
    assert result.notes.flattened == {"video": 1}


def test_definition_lists_keep_each_term_with_its_definition():
    blocks = convert_body(
        "<dl><dt>Turnout</dt><dd>Share of voters who <a href='https://x.example'>voted</a>.</dd>"
        "<dt>Quorum</dt><dt>Seat</dt><dd>One member.</dd></dl>",
        Images(),
    ).blocks
    assert [block["value"] for block in blocks] == [
        '<p><b>Turnout</b><br>Share of voters who <a href="https://x.example">voted</a>.</p>',
        "<p><b>Quorum</b></p>",
        "<p><b>Seat</b><br>One member.</p>",
    ]


def test_a_playlist_becomes_one_player_per_imported_track():
    result = convert_body('[playlist ids="40,41,42"]', Images())
    assert [(b["type"], b["value"]["file"]) for b in result.blocks] == [("media", 5), ("media", 6)]
    assert result.notes.flattened == {"audio": 1}


def test_code_and_preformatted_text_keep_every_space_and_line():
    code = (
        '<!-- wp:code --><pre class="wp-block-code"><code>def total(votes):\n'
        "    return sum(votes)  # &lt;all&gt; wards</code></pre><!-- /wp:code -->"
        "<p>Classic:</p><pre>  Ward   Turnout\r\n  North  61%\n</pre>"
    )
    blocks = convert_body(code, Images()).blocks
    assert blocks == [
        {
            "type": "preformatted",
            "value": "def total(votes):\n    return sum(votes)  # <all> wards",
        },
        {"type": "paragraph", "value": "<p>Classic:</p>"},
        {"type": "preformatted", "value": "  Ward   Turnout\n  North  61%"},
    ]
    assert blocks_to_rich_text(blocks[:1]) == (
        "<p><code>def total(votes):<br/>    return sum(votes)  # &lt;all&gt; wards</code></p>"
    )


def test_a_verse_block_stays_lines_of_a_paragraph():
    verse = '<!-- wp:verse --><pre class="wp-block-verse">Spring rain\nthe ferry waits</pre>'
    assert convert_body(verse, Images()).blocks == [
        {"type": "paragraph", "value": "<p>Spring rain<br>the ferry waits</p>"}
    ]
