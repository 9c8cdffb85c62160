"""A WordPress post body, converted into Masthead's article blocks.

Both editors WordPress has had are understood: block-editor (Gutenberg)
content is read block by block (:mod:`.gutenberg`), classic content the way
WordPress itself shows it, with blank lines making paragraphs ("autop"). The
``[caption]``, ``[gallery]`` and ``[embed]`` shortcodes and URLs alone in a
paragraph become image and embed blocks; other shortcodes stay visible as text
and are counted.

The result is StreamField data in its stored ("raw") form, plain JSON, so it
can be compared with what an earlier import wrote. Text reaches a block only
through ``nh3`` (paragraphs: bold, italic, links and lists, nothing else) or as
plain text (headings, quotes, captions), so no markup from the export is ever
rendered unchecked.
"""

import json
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import Protocol
from urllib.parse import urlparse

import nh3

from masthead.core.file_types import media_kind
from masthead.core.numbers import whole_number
from masthead.core.text import plain_text, truncate_words

from .gutenberg import Block, has_blocks, parse_blocks
from .html_tree import CLOSES_PARAGRAPH, Node, parse_fragment
from .shortcodes import FOOTNOTE_SHORTCODES, Shortcode, split_shortcodes

HEADING_MAX = 200
CAPTION_MAX = 500
ATTRIBUTION_MAX = 200
PULLQUOTE_MAX = 300
PLACEHOLDER_TAG = "masthead-shortcode"
DASHES = "—–―-"
FOOTNOTE_TAG = "masthead-footnote"
NOTES_HEADING = "Notes"
BACK_TO_TEXT = "↩ back to text"
NOTE_MAX = 5_000

INLINE_TAGS = {"a", "b", "br"}
PARAGRAPH_TAGS = {"a", "b", "i", "br"}
LIST_TAGS = PARAGRAPH_TAGS | {"ul", "ol", "li"}
URL_SCHEMES = {"http", "https", "mailto"}
BOLD = {"b", "strong"}
ITALIC = {"i", "em", "cite"}
DROPPED = {"script", "style", "noscript", "template", "hr", "head", "title", "form", "button"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that sit inside a line of text: their words stay in the paragraph
# (formatting other than bold, italic and links is dropped).
INLINE_ELEMENTS = {FOOTNOTE_TAG} | set(
    [
        "br",
        "a",
        "b",
        "strong",
        "i",
        "em",
        "span",
        "u",
        "s",
        "sub",
        "sup",
        "code",
        "del",
        "ins",
        "strike",
        "small",
        "big",
        "mark",
        "kbd",
        "samp",
        "var",
        "tt",
        "abbr",
        "acronym",
        "dfn",
        "q",
        "cite",
        "time",
        "data",
        "font",
        "bdi",
        "bdo",
        "wbr",
    ]
)
BLOCK_LEVEL = CLOSES_PARAGRAPH | {"li"}
KNOWN_BLOCKS = {
    "core/paragraph",
    "core/heading",
    "core/list",
    "core/list-item",
    "core/quote",
    "core/pullquote",
    "core/image",
    "core/gallery",
    "core/embed",
    "core/video",
    "core/audio",
    "core/file",
    "core/table",
    "core/preformatted",
    "core/code",
    "core/verse",
    "core/html",
    "core/freeform",
    "core/shortcode",
    "core/separator",
    "core/spacer",
    "core/more",
    "core/nextpage",
    "core/group",
    "core/columns",
    "core/column",
    "core/cover",
    "core/media-text",
    "core/buttons",
    "core/button",
    "core/footnotes",
}
_BARE_URL = re.compile(r"^https?://[^\s<>\"']+$")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
# "((note))" of Footnotes (MCI), and " ((note))" of WP Footnotes and Footnotes
# Made Easy, whose space goes with the marker; never "$((…))" nor "(((". A note
# starts and ends with its text: in "Жаль(( Но завтра будет лучше))" the
# brackets are a sad and a happy face, as Russian and Armenian writers use them.
_DELIMITED_FOOTNOTE = re.compile(
    rf"(?<![$(])\s?\(\((?![(\s])(.{{1,{NOTE_MAX}}}?)(?<!\s)\)\)(?!\))", re.DOTALL
)
# Where "((" is code, not a footnote.
_CODE = re.compile(r"<(pre|code|script|style|kbd|samp)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|table|figure|pre)\b", re.I)


class ImageLookup(Protocol):
    """How the converter finds the Masthead image for a WordPress attachment."""

    def by_wordpress_id(self, wp_id: int) -> int | None: ...

    def by_url(self, url: str) -> int | None: ...

    def attached_to(self, post_id: int | None) -> list[int]: ...

    def document_by_url(self, url: str) -> int | None: ...

    def document_by_wordpress_id(self, wp_id: int) -> int | None: ...


@dataclass
class ConversionNotes:
    """What the converter could not carry over as it was, for the report."""

    unknown_shortcodes: Counter = field(default_factory=Counter)
    unknown_blocks: Counter = field(default_factory=Counter)
    missing_images: list[str] = field(default_factory=list)
    shortened: int = 0
    flattened: Counter = field(default_factory=Counter)


@dataclass
class ConvertedBody:
    blocks: list[dict]
    notes: ConversionNotes


def clean_paragraph_html(
    html: str,
    tags: set[str] = PARAGRAPH_TAGS,
    ids: frozenset[str] = frozenset(),
    documents: frozenset[int] = frozenset(),
) -> str:
    """``html`` reduced to ``tags``, links and, where given, these exact ``id`` values.

    The ids are the footnotes' own (``footnote-1``, ``footnote-ref-1``), so a
    reference and its note can link to each other, and ``documents``: links to
    imported documents, in Wagtail's own form (``<a linktype="document" id="7">``).
    No other id gets through.
    """
    link_ids = set(ids) | {str(document) for document in documents}
    values = {"a": {"id": link_ids, "linktype": {"document"}}, "li": {"id": set(ids)}}
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href"}},
        tag_attribute_values=values if link_ids else None,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()


def _squash(text: str) -> str:
    """Whitespace collapsed, line breaks kept (for plain-text blocks)."""
    lines = [_WHITESPACE.sub(" ", line).strip() for line in text.replace("\xa0", " ").split("\n")]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


def footnotes_from_meta(raw: str) -> dict[str, str]:
    """The block editor's notes by their id, from the ``footnotes`` post meta.

    WordPress keeps them as JSON, ``[{"id": "…", "content": "<em>note</em>"}]``, in
    the order the references appear; the body marks each reference with
    ``<sup data-fn="id">``.
    """
    try:
        notes = json.loads(raw) if raw.strip() else []
    except ValueError:
        return {}
    if not isinstance(notes, list):
        return {}
    return {
        str(note["id"]): str(note.get("content") or "")
        for note in notes
        if isinstance(note, dict) and note.get("id")
    }


def embed_url_for_iframe(src: str) -> str:
    """The page address an oEmbed provider knows, for the usual video players' iframes."""
    parsed = urlparse(src if not src.startswith("//") else "https:" + src)
    host = parsed.netloc.lower()
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        match = re.match(r"/embed/([\w-]+)", parsed.path)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}"
    if host == "player.vimeo.com":
        match = re.match(r"/video/(\d+)", parsed.path)
        if match:
            return f"https://vimeo.com/{match.group(1)}"
    return parsed.geturl() if parsed.scheme in {"http", "https"} else ""


class _Converter:
    def __init__(self, images: ImageLookup, post_id: int | None, footnotes: dict[str, str]):
        self.images = images
        self.post_id = post_id
        self.blocks: list[dict] = []
        self.buffer: list[str] = []
        self.notes = ConversionNotes()
        self.token = secrets.token_hex(8)
        self.placeholders: list[Shortcode] = []
        # Footnotes: the block editor's by id, the plugins' by marker, and the
        # note list (numbered as the references come in the text).
        self.meta_footnotes = footnotes
        self.marked_footnotes: list[str] = []
        self.footnotes: list[str] = []
        self.footnote_numbers: dict[str, int] = {}
        self.footnotes_at: int | None = None
        self.documents: set[int] = set()

    # Output ---------------------------------------------------------------

    def add(self, block_type: str, value) -> None:
        self.blocks.append({"type": block_type, "value": value})

    def limit(self, text: str, max_chars: int) -> str:
        if len(text) <= max_chars:
            return text
        self.notes.shortened += 1
        return truncate_words(text, max_chars)

    def clean(self, html: str, tags: set[str] = PARAGRAPH_TAGS) -> str:
        """:func:`clean_paragraph_html`, keeping the ids of the footnotes numbered so far."""
        numbers = range(1, len(self.footnotes) + 1)
        ids = frozenset(f"footnote-{n}" for n in numbers) | {f"footnote-ref-{n}" for n in numbers}
        return clean_paragraph_html(html, tags, ids, frozenset(self.documents))

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        text = plain_text(raw)
        if not text:
            return
        if _BARE_URL.match(text) and "<a " not in raw:
            self.add("embed", {"url": text, "caption": ""})
            return
        html = self.clean(raw)
        if plain_text(html):
            self.add("paragraph", f"<p>{html}</p>")

    def link_paragraph(self, url: str, label: str) -> None:
        """A visible link where a picture or file could not be brought in."""
        if not url.startswith(("http://", "https://", "/")):
            return
        html = clean_paragraph_html(f'<a href="{escape(url)}">{escape(label)}</a>')
        if html:
            self.add("paragraph", f"<p>{html}</p>")

    # Entry points ---------------------------------------------------------

    def convert(self, content: str) -> None:
        if has_blocks(content):
            self.convert_parts(parse_blocks(content))
        else:
            self.convert_html(content, autop=True)
        self.flush()
        self.add_footnotes()

    def convert_parts(self, parts: list) -> None:
        for part in parts:
            if isinstance(part, Block):
                self.convert_block(part)
            elif part.strip():
                self.convert_html(part, autop=True)

    def convert_block(self, block: Block) -> None:
        if block.name not in KNOWN_BLOCKS and not block.name.startswith("core-embed/"):
            self.notes.unknown_blocks[block.name] += 1
        if block.name == "core/embed" or block.name.startswith("core-embed/"):
            url = str(block.attrs.get("url") or "").strip()
            if url.startswith(("http://", "https://")):
                self.flush()
                caption_node = parse_fragment(block.html()).find("figcaption")
                caption = _squash(caption_node.text_content()) if caption_node else ""
                self.add("embed", {"url": url, "caption": self.limit(caption, CAPTION_MAX)})
                return
        if block.name == "core/footnotes":
            # The note list goes where the writer put it (the block has no HTML of its own).
            self.flush()
            self.footnotes_at = len(self.blocks)
            return
        autop = block.name in {"core/freeform", "core/shortcode"}
        self.convert_html(block.html(), autop=autop)
        self.flush()

    def convert_html(self, html: str, autop: bool) -> None:
        segments, unknown = split_shortcodes(html)
        self.notes.unknown_shortcodes.update(unknown)
        pieces = []
        for segment in segments:
            if isinstance(segment, Shortcode) and segment.name in FOOTNOTE_SHORTCODES:
                pieces.append(self.footnote_marker(segment.content))
            elif isinstance(segment, Shortcode):
                self.placeholders.append(segment)
                index = len(self.placeholders) - 1
                pieces.append(
                    f'<{PLACEHOLDER_TAG} data-token="{self.token}" data-index="{index}">'
                    f"</{PLACEHOLDER_TAG}>"
                )
            else:
                pieces.append(self.delimited_footnotes(segment))
        self.walk(parse_fragment("".join(pieces)).children, autop)

    # Footnotes ------------------------------------------------------------

    def footnote_marker(self, note_html: str) -> str:
        """An inline placeholder for a plugin's footnote, its note kept aside."""
        if not plain_text(note_html):
            return ""
        self.marked_footnotes.append(note_html)
        index = len(self.marked_footnotes) - 1
        return f'<{FOOTNOTE_TAG} data-token="{self.token}" data-index="{index}"></{FOOTNOTE_TAG}>'

    def delimited_footnotes(self, html: str) -> str:
        """``((note))`` outside code, as the delimiter footnote plugins read it."""
        if "((" not in html:
            return html
        pieces, cursor = [], 0
        for code in _CODE.finditer(html):
            pieces.append(_DELIMITED_FOOTNOTE.sub(self.delimited_note, html[cursor : code.start()]))
            pieces.append(code.group(0))
            cursor = code.end()
        pieces.append(_DELIMITED_FOOTNOTE.sub(self.delimited_note, html[cursor:]))
        return "".join(pieces)

    def delimited_note(self, match: re.Match) -> str:
        note = match.group(1)
        if _BLOCK_TAG.search(note) or _PARAGRAPH_BREAK.search(note):
            return match.group(0)  # brackets around a stretch of the text, not a note
        return self.footnote_marker(note)

    def is_footnote(self, node: Node) -> bool:
        if node.tag == FOOTNOTE_TAG:
            return node.attrs.get("data-token") == self.token
        return node.tag == "sup" and bool(node.attrs.get("data-fn"))

    def footnote_reference(self, node: Node) -> str:
        """``[1]``, linked to its note; the note's first reference is where the note links back."""
        if node.tag == FOOTNOTE_TAG:
            try:
                note = self.marked_footnotes[int(node.attrs.get("data-index", ""))]
            except (ValueError, IndexError):
                return ""
            # The plugins number identical notes once.
            key = "note:" + _squash(plain_text(note))
        else:
            note = self.meta_footnotes.get(node.attrs["data-fn"])
            if note is None:
                return ""  # a reference whose note the export does not have
            key = "id:" + node.attrs["data-fn"]
        number = self.footnote_numbers.get(key)
        if number is not None:
            return f'<a href="#footnote-{number}">[{number}]</a>'
        self.footnotes.append(note)
        number = self.footnote_numbers[key] = len(self.footnotes)
        return f'<a href="#footnote-{number}" id="footnote-ref-{number}">[{number}]</a>'

    def add_footnotes(self) -> None:
        """The numbered notes, each linking back to its reference, under a "Notes" heading."""
        referenced = len(self.footnotes)
        for wp_id, note in self.meta_footnotes.items():
            # WordPress lists a note even when no reference to it is left in the text.
            if "id:" + wp_id not in self.footnote_numbers:
                self.footnotes.append(note)
                self.footnote_numbers["id:" + wp_id] = len(self.footnotes)
        items = []
        for number, note in enumerate(self.footnotes, start=1):
            fragment = parse_fragment(note)
            text = "".join(
                self.inline(child, autop=False)
                for child in fragment.children
                if not self.is_footnote(child)
            ).strip()
            back = (
                f' <a href="#footnote-ref-{number}">{BACK_TO_TEXT}</a>'
                if number <= referenced
                else ""
            )
            items.append(f'<li id="footnote-{number}">{text or "…"}{back}</li>')
        if not items:
            return
        notes = [
            {"type": "heading", "value": {"text": NOTES_HEADING, "level": "h2"}},
            {"type": "paragraph", "value": self.clean(f"<ol>{''.join(items)}</ol>", LIST_TAGS)},
        ]
        at = len(self.blocks) if self.footnotes_at is None else self.footnotes_at
        self.blocks[at:at] = notes

    # The tree walk --------------------------------------------------------

    def walk(self, nodes: list[Node], autop: bool) -> None:
        for node in nodes:
            self.visit(node, autop)

    def visit(self, node: Node, autop: bool) -> None:
        tag = node.tag
        if node.is_text:
            self.text(node.text, autop)
        elif tag == PLACEHOLDER_TAG:
            self.flush()
            self.shortcode(node)
        elif tag in DROPPED:
            return
        elif tag == "p":
            self.flush()
            self.walk(node.children, autop)
            self.flush()
        elif tag in HEADINGS:
            self.flush()
            self.heading(node)
        elif tag == "blockquote":
            self.flush()
            self.quote(node, pull="wp-block-pullquote" in node.classes())
        elif tag == "figure":
            self.flush()
            self.figure(node, autop)
        elif tag in {"ul", "ol"}:
            self.flush()
            self.list(node, autop)
        elif tag == "dl":
            self.flush()
            self.definition_list(node)
        elif tag == "img":
            self.flush()
            self.image(node, "")
        elif tag == "iframe":
            self.flush()
            self.iframe(node)
        elif tag in {"video", "audio"}:
            self.flush()
            self.media(node)
        elif tag == "table":
            self.flush()
            self.table(node)
        elif tag == "pre":
            self.flush()
            self.preformatted(node)
        elif tag in INLINE_ELEMENTS:
            if self.contains_breaker(node):
                self.walk(node.children, autop)
            else:
                self.buffer.append(self.inline(node, autop))
        else:
            # div, section, figcaption outside a figure, and anything unknown:
            # its contents count, the wrapper does not.
            self.flush()
            self.walk(node.children, autop)
            self.flush()

    def contains_breaker(self, node: Node) -> bool:
        return any(
            child.tag in {"img", "iframe", PLACEHOLDER_TAG, "video", "audio"}
            or child.tag in HEADINGS
            or child.tag in {"p", "div", "figure", "blockquote", "ul", "ol", "dl", "table"}
            for child in node.iter()
            if child is not node
        )

    def text(self, text: str, autop: bool) -> None:
        if not autop:
            self.buffer.append(escape(_WHITESPACE.sub(" ", text.replace("\n", " "))))
            return
        chunks = _PARAGRAPH_BREAK.split(text)
        for position, chunk in enumerate(chunks):
            if position:
                self.flush()
            lines = [escape(_WHITESPACE.sub(" ", line)) for line in chunk.split("\n")]
            self.buffer.append("<br/>".join(lines) if chunk.strip() else " ")

    def inline(self, node: Node, autop: bool) -> str:
        if node.is_text:
            text = escape(_WHITESPACE.sub(" ", node.text))
            return text.replace("\n", "<br/>" if autop else " ")
        if self.is_footnote(node):
            return self.footnote_reference(node)
        inner = "".join(self.inline(child, autop) for child in node.children)
        if node.tag == "br":
            return "<br/>"
        if node.tag in BOLD:
            return f"<b>{inner}</b>"
        if node.tag in ITALIC:
            return f"<i>{inner}</i>"
        if node.tag == "a" and node.attrs.get("href"):
            # A link to an imported file (a PDF, a recording) points at Masthead's copy.
            document_id = self.images.document_by_url(node.attrs["href"].strip())
            if document_id is not None:
                self.documents.add(document_id)
                return f'<a linktype="document" id="{document_id}">{inner}</a>'
            return f'<a href="{escape(node.attrs["href"])}">{inner}</a>'
        if node.tag == "q":
            return f"“{inner}”"
        return inner

    # Blocks ---------------------------------------------------------------

    def heading(self, node: Node) -> None:
        text = _squash(node.text_content()).replace("\n", " ")
        if not text:
            return
        if len(text) > HEADING_MAX:
            self.add("paragraph", f"<p><b>{escape(text)}</b></p>")
            return
        self.add("heading", {"text": text, "level": "h2" if node.tag in {"h1", "h2"} else "h3"})

    def quote(self, node: Node, pull: bool) -> None:
        attribution = ""
        cite = self.citation_of(node)
        if cite is not None:
            attribution = _squash(cite.text_content()).replace("\n", " ").lstrip(DASHES + " ")
            cite.parent.children.remove(cite)
        quote = "\n\n".join(self.quote_paragraphs(node))
        if not quote:
            return
        if pull and len(quote) > PULLQUOTE_MAX:
            pull = False
        attribution = self.limit(attribution, ATTRIBUTION_MAX)
        self.add(
            "pullquote" if pull else "blockquote", {"quote": quote, "attribution": attribution}
        )

    def citation_of(self, quote: Node) -> Node | None:
        """Who is quoted: the ``<cite>`` or ``<footer>`` that ends the quote (the block
        editor's citation), or a last paragraph that starts with a dash ("— Ana Ruiz").

        A ``<cite>`` inside the quoted text (the title of a work) stays in the text.
        """
        children = [c for c in quote.children if not c.is_text or c.text.strip()]
        if not children:
            return None
        last = children[-1]
        if last.tag in {"cite", "footer"}:
            return last
        after_a_block = len(children) > 1 and children[-2].tag in BLOCK_LEVEL
        if (not last.is_text or after_a_block) and _squash(last.text_content()).startswith(
            tuple(DASHES)
        ):
            return last
        return None

    def quote_paragraphs(self, quote: Node) -> list[str]:
        """The quote's paragraphs: each block inside it, and each run of text and inline
        elements between them, split at blank lines as WordPress shows them."""
        runs: list[str] = []
        inline: list[str] = []
        for child in quote.children:
            if child.is_text or child.tag not in BLOCK_LEVEL:
                inline.append(child.text_content())
                continue
            runs.append("".join(inline))
            inline = []
            runs.append(child.text_content())
        runs.append("".join(inline))
        paragraphs = (_squash(p) for run in runs for p in _PARAGRAPH_BREAK.split(run))
        return [p for p in paragraphs if p]

    def figure(self, node: Node, autop: bool) -> None:
        classes = node.classes()
        quote = node.find("blockquote")
        if quote is not None:
            self.quote(quote, pull="wp-block-pullquote" in classes | quote.classes())
            return
        iframe = node.find("iframe")
        if "wp-block-embed" in classes or iframe is not None:
            caption = self.caption_of(node)
            url = embed_url_for_iframe(iframe.attrs.get("src", "")) if iframe else ""
            if not url:
                text = _squash(node.text_content().replace(caption, ""))
                url = text.split()[0] if text else ""
            if _BARE_URL.match(url):
                self.add("embed", {"url": url, "caption": self.limit(caption, CAPTION_MAX)})
                return
        player = next((child for child in node.iter() if child.tag in {"audio", "video"}), None)
        if player is not None:  # Gutenberg's audio and video blocks, with their caption
            self.media(player, self.caption_of(node))
            return
        images = [child for child in node.iter() if child.tag == "img"]
        if not images:
            self.walk(node.children, autop)
            self.flush()
            return
        for img in images:
            self.image(img, self.caption_of(self.own_figure(img, node) or node, single=img))

    def own_figure(self, img: Node, outer: Node) -> Node | None:
        """The nearest ``<figure>`` around ``img``, if it holds only that image."""
        ancestor = img.parent
        while ancestor is not None:
            if ancestor.tag == "figure":
                count = sum(1 for n in ancestor.iter() if n.tag == "img")
                return ancestor if count == 1 else None
            if ancestor is outer:
                break
            ancestor = ancestor.parent
        return None

    def caption_of(self, figure: Node, single: Node | None = None) -> str:
        if single is not None and sum(1 for n in figure.iter() if n.tag == "img") > 1:
            return ""
        caption = next(
            (child for child in figure.children if child.tag == "figcaption"), None
        ) or figure.find("figcaption")
        return _squash(caption.text_content()).replace("\n", " ") if caption else ""

    def list(self, node: Node, autop: bool) -> None:
        if any(child.tag == "img" for child in node.iter()):
            for img in (child for child in node.iter() if child.tag == "img"):
                owner = self.own_figure(img, node)
                self.image(img, self.caption_of(owner) if owner else "")
            return
        html = self.clean(self.list_html(node), LIST_TAGS)
        if plain_text(html):
            self.add("paragraph", html)

    def definition_list(self, node: Node) -> None:
        """``<dl>``: rich text has no definition lists, so each term leads its own paragraph.

        "<b>Term</b>" then a line break and its definitions keeps which words
        define which term, where the tree walk alone would run them together.
        """
        term = ""
        for child in node.children:
            if child.tag == "dt":
                if term:
                    self.add_paragraph(f"<b>{term}</b>")
                term = self.inline(child, autop=False).strip()
            elif child.tag == "dd":
                definition = self.inline(child, autop=False).strip()
                self.add_paragraph(f"<b>{term}</b><br/>{definition}" if term else definition)
                term = ""
        if term:
            self.add_paragraph(f"<b>{term}</b>")

    def add_paragraph(self, inner_html: str) -> None:
        self.buffer.append(inner_html)
        self.flush()

    def list_html(self, node: Node) -> str:
        if node.is_text:
            return escape(_WHITESPACE.sub(" ", node.text.replace("\n", " ")))
        if self.is_footnote(node):
            return self.footnote_reference(node)
        inner = "".join(self.list_html(child) for child in node.children)
        if node.tag in {"ul", "ol", "li"}:
            return f"<{node.tag}>{inner}</{node.tag}>"
        if node.tag in {"p", "div"}:
            return inner
        return self.inline(node, autop=False) if node.tag in INLINE_TAGS | BOLD | ITALIC else inner

    def image(self, img: Node, caption: str) -> None:
        src = img.attrs.get("src", "").strip()
        image_id = None
        match = _WP_IMAGE_CLASS.search(img.attrs.get("class", ""))
        wp_id = int(match.group(1)) if match else None
        if wp_id is None:
            wp_id = whole_number(img.attrs.get("data-id"))
        if wp_id is not None:
            image_id = self.images.by_wordpress_id(wp_id)
        if image_id is None and src:
            image_id = self.images.by_url(src)
        if image_id is not None:
            # The alt text the writer gave this use of the picture in WordPress.
            alt_text = self.limit(plain_text(img.attrs.get("alt", "")), CAPTION_MAX)
            self.add(
                "image",
                {
                    "image": image_id,
                    "alt_text": alt_text,
                    "caption": self.limit(caption, CAPTION_MAX),
                    "credit": "",
                },
            )
            return
        self.notes.missing_images.append(src or f"attachment {wp_id}")
        alt = img.attrs.get("alt", "").strip()
        label = caption or alt or src.rsplit("/", 1)[-1] or "Image"
        self.link_paragraph(src, f"Image: {label}")

    def iframe(self, node: Node) -> None:
        url = embed_url_for_iframe(node.attrs.get("src", ""))
        if url:
            self.add("embed", {"url": url, "caption": ""})
        else:
            self.notes.flattened["iframe"] += 1

    def media(self, node: Node, caption: str = "") -> None:
        src = node.attrs.get("src", "")
        if not src:
            source = node.find("source")
            src = source.attrs.get("src", "") if source else ""
        self.media_file(src.strip(), node.tag, caption)

    def media_file(self, src: str, tag: str, caption: str = "") -> None:
        """An audio or video file: played in the page if it was imported, else a link."""
        document_id = self.images.document_by_url(src) if src else None
        if document_id is not None:
            self.add(
                "media",
                {
                    "file": document_id,
                    "caption": self.limit(caption, CAPTION_MAX),
                    "transcript": "",
                },
            )
            return
        self.notes.flattened[tag] += 1
        if src:
            label = "Video" if tag == "video" else "Audio"
            self.link_paragraph(src, f"{label}: {src.rsplit('/', 1)[-1]}")

    def table(self, node: Node) -> None:
        """A table block: the header row (``<th>`` cells or ``<thead>``) gives the headings.

        Cells keep their text; merged cells are padded to the widest row, and
        formatting inside cells (links, bold) is reduced to text.
        """
        rows = []
        header: list[str] | None = None
        for row in (child for child in node.iter() if child.tag == "tr"):
            cells = [cell for cell in row.children if cell.tag in {"td", "th"}]
            texts = [_squash(cell.text_content()).replace("\n", " ") for cell in cells]
            if not any(texts):
                continue
            in_head = row.parent is not None and row.parent.tag == "thead"
            if header is None and not rows and (in_head or all(c.tag == "th" for c in cells)):
                header = texts
            else:
                rows.append(texts)
        if not rows and header is None:
            return
        width = max(len(texts) for texts in [*rows, header or []])
        headings = (header or []) + [""] * (width - len(header or []))
        caption_node = node.find("caption")
        caption = _squash(caption_node.text_content()) if caption_node is not None else ""
        self.add(
            "table",
            {
                "columns": [{"type": "text", "heading": heading} for heading in headings],
                "rows": [{"values": texts + [""] * (width - len(texts))} for texts in rows],
                "caption": self.limit(caption, CAPTION_MAX),
            },
        )

    def preformatted(self, node: Node) -> None:
        """Code and preformatted text keep every space; a poem keeps its lines in a paragraph.

        The block editor writes its verse block as ``<pre class="wp-block-verse">``:
        lines of a poem, meant for the body's own font, not code.
        """
        text = node.text_content().replace("\r\n", "\n").strip("\n").rstrip()
        if not text.strip():
            return
        if "wp-block-verse" not in node.classes():
            self.add("preformatted", text)
            return
        lines = [escape(line) for line in text.split("\n")]
        html = clean_paragraph_html("<br/>".join(lines))
        if plain_text(html):
            self.add("paragraph", f"<p>{html}</p>")

    # Shortcodes -----------------------------------------------------------

    def shortcode(self, node: Node) -> None:
        if node.attrs.get("data-token") != self.token:
            return
        try:
            shortcode = self.placeholders[int(node.attrs.get("data-index", ""))]
        except (ValueError, IndexError):
            return
        if shortcode.name in {"caption", "wp_caption"}:
            self.caption_shortcode(shortcode)
        elif shortcode.name == "gallery":
            self.gallery_shortcode(shortcode)
        elif shortcode.name == "embed":
            url = (shortcode.content or shortcode.attrs.get("src", "")).strip()
            if _BARE_URL.match(url):
                self.add("embed", {"url": url, "caption": ""})
        elif shortcode.name in {"audio", "video"}:
            self.media_shortcode(shortcode)
        elif shortcode.name == "playlist":
            self.playlist_shortcode(shortcode)

    def playlist_shortcode(self, shortcode: Shortcode) -> None:
        """``[playlist ids="3,4"]``: one player per track, in the playlist's order."""
        tag = "video" if shortcode.attrs.get("type", "").lower() == "video" else "audio"
        for wp_id in (int(part) for part in re.findall(r"\d+", shortcode.attrs.get("ids", ""))):
            document_id = self.images.document_by_wordpress_id(wp_id)
            if document_id is None:
                self.notes.flattened[tag] += 1
                continue
            self.add("media", {"file": document_id, "caption": "", "transcript": ""})

    def media_shortcode(self, shortcode: Shortcode) -> None:
        """``[audio mp3="…"]``, ``[video mp4="…"]``: WordPress names the file by its format."""
        src = shortcode.attrs.get("src", "")
        for name, value in shortcode.attrs.items():
            if not src and media_kind(f"file.{name}"):
                src = value
        self.media_file(src.strip(), shortcode.name)

    def caption_shortcode(self, shortcode: Shortcode) -> None:
        fragment = parse_fragment(shortcode.content)
        img = fragment.find("img")
        caption = shortcode.attrs.get("caption", "")
        if img is not None and not caption:
            wrapper = img
            while wrapper.parent is not None and wrapper.parent is not fragment:
                wrapper = wrapper.parent
            fragment.children.remove(wrapper)
            caption = fragment.text_content()
        caption = _squash(plain_text(caption)).replace("\n", " ")
        if img is None:
            if caption:
                self.add("paragraph", f"<p>{escape(caption)}</p>")
            return
        self.image(img, caption)

    def gallery_shortcode(self, shortcode: Shortcode) -> None:
        raw_ids = shortcode.attrs.get("ids") or shortcode.attrs.get("include") or ""
        ids = [int(part) for part in re.findall(r"\d+", raw_ids)]
        if not ids:
            ids = self.images.attached_to(self.post_id)
        for wp_id in ids:
            image_id = self.images.by_wordpress_id(wp_id)
            if image_id is None:
                self.notes.missing_images.append(f"attachment {wp_id}")
                continue
            self.add("image", {"image": image_id, "caption": "", "credit": ""})


def convert_body(
    content: str, images: ImageLookup, post_id: int | None = None, footnotes: str = ""
) -> ConvertedBody:
    """StreamField raw data for a WordPress post body, with notes on what did not carry over.

    ``footnotes`` is the post's ``footnotes`` meta, where the block editor keeps
    the notes its footnote references point at.
    """
    converter = _Converter(images, post_id, footnotes_from_meta(footnotes or ""))
    converter.convert(content or "")
    return ConvertedBody(blocks=converter.blocks, notes=converter.notes)


def blocks_to_rich_text(blocks: list[dict]) -> str:
    """The same content as one rich-text field, for plain pages (which have no blocks)."""
    parts: list[str] = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            parts.append(value)
        elif kind == "heading":
            parts.append(f"<{value['level']}>{escape(value['text'])}</{value['level']}>")
        elif kind in {"blockquote", "pullquote"}:
            for paragraph in value["quote"].split("\n\n"):
                parts.append(f"<p><i>{escape(paragraph)}</i></p>")
            if value["attribution"]:
                parts.append(f"<p>— {escape(value['attribution'])}</p>")
        elif kind == "image":
            image_id, alt = int(value["image"]), escape(value.get("alt_text", ""))
            parts.append(
                f'<embed embedtype="image" id="{image_id}" format="fullwidth" alt="{alt}"/>'
            )
            if value["caption"]:
                parts.append(f"<p><i>{escape(value['caption'])}</i></p>")
        elif kind == "embed":
            parts.append(f'<embed embedtype="media" url="{escape(value["url"])}"/>')
        elif kind == "preformatted":
            # Rich text has no <pre>: each line stays a line.
            lines = [escape(line) for line in value.split("\n")]
            parts.append(f"<p><code>{'<br/>'.join(lines)}</code></p>")
        elif kind == "table":
            # Rich text has no tables: a plain page keeps each row as a line of text.
            headings = [column["heading"] for column in value["columns"]]
            if any(headings):
                parts.append(f"<p><b>{escape(' | '.join(headings))}</b></p>")
            for row in value["rows"]:
                parts.append(f"<p>{escape(' | '.join(cell for cell in row['values'] if cell))}</p>")
    return "".join(parts)
