"""Reading a WordPress eXtended RSS (WXR) export, one element at a time.

Exports of a busy newsroom run to hundreds of megabytes, so the file is never
loaded whole: :func:`read_export` parses it as a stream, hands each channel
entry (author, category, tag, item) to the caller as a small dataclass and then
drops the element, so memory stays flat however long the file is.

Parsing goes through ``defusedxml``: an export that declares entities (the
"billion laughs" attack) or reaches for external files is refused before any of
it is read. Control characters that XML forbids, which old WordPress versions
let into exports, are dropped on the way in and counted rather than failing the
whole file.

Old exports are often not quite XML. Like WordPress's own importer, the reader
is tolerant where the intent is plain: namespaces are recognised by the prefix
the file declares as well as by their URI (so ``https://wordpress.org/export/``
after a site-wide http→https replace still reads), a prefix the file uses but
never declares (``atom:`` in 2011 WordPress.com exports) is declared for it,
HTML entities such as ``&nbsp;`` outside CDATA become character
references, and a ``]]>`` that old exporters left raw inside a CDATA section
(a post that quotes ``]]>``, or an inline script's own ``//]]>``) is split the
way WordPress itself writes it (``]]]]><![CDATA[>``), so the text keeps it and
the section goes on to its real end. Each repair restarts the same safe parser
on the repaired stream and skips what was already handed out, so nothing is
read twice; each is counted for the report.
"""

import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from masthead.core.numbers import whole_number

# Real exports declare WXR 1.0/1.1/1.2 over http or https (and sometimes with
# "www."); WordPress's own importer accepts them all, so the scheme is ignored.
WORDPRESS_NAMESPACE = re.compile(r"^https?://(www\.)?wordpress\.org/export/")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "https://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "https://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "https://wellformedweb.org/CommentAPI/": "wfw",
}
# The prefixes the entry readers below look for; a file that binds one of them
# to an unexpected URI still means the WordPress element by it.
READER_PREFIXES = {"wp", "excerpt", "content", "dc", "wfw"}
# What an undeclared prefix most likely meant, for the ones real exports leave out.
USUAL_NAMESPACES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "atom": "http://www.w3.org/2005/Atom",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "media": "http://search.yahoo.com/mrss/",
    "georss": "http://www.georss.org/georss",
}
PREFIXED_NAME = re.compile(rb"(?:</?|\s)([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*")
# Named HTML entities (``&nbsp;``) that XML does not define; XML's own five stay.
XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}
HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31};)")
MOST_REPAIRS = 32
# Bytes below 0x20 other than tab, newline and carriage return are not allowed
# in XML 1.0; in UTF-8 they only ever stand for themselves, so dropping them at
# byte level cannot split a multi-byte character.
FORBIDDEN_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
READ_CHUNK = 1 << 16
CDATA_OPEN = b"<![CDATA["
CDATA_END = b"]]>"
# How WordPress writes a "]]>" that belongs to the text: the section ends after
# "]]" and a new one starts with ">".
CDATA_END_SPLIT = b"]]]]><![CDATA[>"
# The element a CDATA section is the text of, just before it: <content:encoded><![CDATA[
CDATA_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)[^<>]*>\s*\Z")
# How far the CDATA repair looks around a "]]>"; it holds back no more than this.
CDATA_WINDOW = 256
ANY_END_TAG = re.compile(rb"\s*</[A-Za-z_][\w.:-]*\s*>")


class ExportError(Exception):
    """The export cannot be read (further): not XML, unsafe XML, or broken at some point."""


@dataclass
class Channel:
    """The export's own description of the site it came from."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    language: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    login: str
    wp_number: int | None
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    """A category or tag declared in the channel (``taxonomy`` says which)."""

    taxonomy: str
    slug: str
    name: str
    wp_number: int | None
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    wp_id: int | None
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    comment_type: str
    parent_id: int | None
    user_id: int | None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Item:
    """A post, page, attachment or any other post type, with its comments."""

    wp_id: int | None
    post_type: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    pub_date: str
    post_date: str
    post_date_gmt: str
    post_modified: str
    post_modified_gmt: str
    comment_status: str
    slug: str
    status: str
    parent_id: int | None
    menu_order: int
    password: str
    is_sticky: bool
    attachment_url: str
    categories: list[tuple[str, str, str]] = field(default_factory=list)
    """``(domain, nicename, name)`` for each ``<category>`` element, in file order."""
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


Entry = Channel | Author | Term | Item


@dataclass
class _Repairs:
    """What the stream needs changed to parse, learnt from the parser's errors."""

    declared_prefixes: list[str] = field(default_factory=list)
    html_entities: bool = False
    broken_cdata: bool = False
    file_prefixes: set[str] = field(default_factory=lambda: {"xml", "xmlns"})
    """The prefixes the file declares itself (never declared twice)."""


class _CDataMender:
    """Splits each stray ``]]>`` inside a CDATA section the way WordPress does.

    WXR puts each field's text in one CDATA section right inside its element
    (``<content:encoded><![CDATA[…]]></content:encoded>``), so a section's real
    end is a ``]]>`` followed by that element's end tag, or by the next section
    of a text WordPress split itself. Any other ``]]>`` inside the section is
    text an old exporter did not escape; it becomes ``]]]]><![CDATA[>``, which
    the parser reads as the three characters. Fed chunk by chunk, it holds back
    at most :data:`CDATA_WINDOW` bytes where a chunk ends too soon to tell.
    """

    def __init__(self):
        self.inside = False
        self.end_tag = ANY_END_TAG
        self.before = b""
        self.held_back = b""
        self.mended = 0

    def feed(self, chunk: bytes, at_end: bool) -> bytes:
        data, self.held_back = self.held_back + chunk, b""
        out: list[bytes] = []
        position = 0
        while position < len(data):
            if not self.inside:
                start = data.find(CDATA_OPEN, position)
                if start < 0:
                    stop = len(data) - (
                        0 if at_end else _partial_suffix(data, CDATA_OPEN, position)
                    )
                    self.before = (self.before + data[position:stop])[-CDATA_WINDOW:]
                    out.append(data[position:stop])
                    self.held_back = data[stop:]
                    break
                self._enter((self.before + data[position:start])[-CDATA_WINDOW:])
                out.append(data[position : start + len(CDATA_OPEN)])
                position = start + len(CDATA_OPEN)
                continue
            end = data.find(CDATA_END, position)
            if end < 0:
                stop = len(data) - (0 if at_end else _partial_suffix(data, CDATA_END, position))
                out.append(data[position:stop])
                self.held_back = data[stop:]
                break
            out.append(data[position:end])
            after = data[end + len(CDATA_END) : end + len(CDATA_END) + CDATA_WINDOW]
            if not at_end and len(after) < CDATA_WINDOW:
                self.held_back = data[end:]  # too near the chunk's end to tell
                break
            following = after.lstrip()
            position = end + len(CDATA_END)
            if following.startswith(CDATA_OPEN):  # WordPress's own split: the text goes on
                position += len(after) - len(following) + len(CDATA_OPEN)
                out.append(data[end:position])
            elif not following or self.end_tag.match(after):
                self.inside = False
                self.before = b""
                out.append(CDATA_END)
            else:
                self.mended += 1
                out.append(CDATA_END_SPLIT)
        return b"".join(out)

    def _enter(self, preceding: bytes) -> None:
        self.inside = True
        element = CDATA_ELEMENT.search(preceding)
        # Without a start tag right before it, any end tag ends the section.
        self.end_tag = (
            re.compile(rb"\s*</" + re.escape(element.group(1)) + rb"\s*>")
            if element
            else ANY_END_TAG
        )


def _partial_suffix(data: bytes, token: bytes, start: int) -> int:
    """How many bytes at the end of ``data`` (from ``start``) could begin ``token``."""
    for size in range(min(len(token) - 1, len(data) - start), 0, -1):
        if token.startswith(data[len(data) - size :]):
            return size
    return 0


class _CleaningReader:
    """A binary file wrapper that repairs the stream as it goes and reports progress.

    Forbidden control bytes are always dropped. The other repairs are made only
    once the parser has failed without them, so a well-formed export is read
    byte for byte.
    """

    def __init__(
        self,
        raw: BinaryIO,
        on_bytes: Callable[[int], None] | None,
        repairs: _Repairs,
        already_reported: int = 0,
    ):
        self.raw = raw
        self.on_bytes = on_bytes
        self.repairs = repairs
        self.dropped_control_bytes = 0
        self.replaced_entities = 0
        self.position = 0
        # A re-read after a repair must not move the progress bar back.
        self.already_reported = already_reported
        self.root_seen = not repairs.declared_prefixes
        self.held_back = b""
        self.cdata = _CDataMender() if repairs.broken_cdata else None

    @property
    def mended_cdata_ends(self) -> int:
        return self.cdata.mended if self.cdata is not None else 0

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self.raw.read(READ_CHUNK if size is None or size < 0 else size)
            self._progress(len(chunk))
            cleaned, dropped = FORBIDDEN_CONTROL_BYTES.subn(b"", chunk)
            self.dropped_control_bytes += dropped
            if self.cdata is not None:
                cleaned = self.cdata.feed(cleaned, at_end=not chunk)
            if self.repairs.html_entities:
                cleaned = self._replace_entities(cleaned, at_end=not chunk)
            if not self.root_seen:
                cleaned = self._declare_prefixes(cleaned)
            # The parser takes an empty read for the end of the file: a chunk
            # held back whole waits for the next one.
            if cleaned or not chunk:
                return cleaned

    def _progress(self, count: int) -> None:
        start, self.position = self.position, self.position + count
        fresh = self.position - max(start, self.already_reported)
        if self.on_bytes is not None and fresh > 0:
            self.on_bytes(fresh)

    def _replace_entities(self, chunk: bytes, at_end: bool) -> bytes:
        data = self.held_back + chunk
        # An entity cut in two by the chunk boundary waits for its other half.
        cut = data.rfind(b"&")
        if not at_end and cut >= 0 and b";" not in data[cut:] and len(data) - cut < 34:
            data, self.held_back = data[:cut], data[cut:]
        else:
            self.held_back = b""
        return HTML_ENTITY.sub(self._entity_reference, data)

    def _entity_reference(self, match: re.Match) -> bytes:
        name = match.group(1).decode("ascii")
        text = html.entities.html5.get(name)
        if name in XML_ENTITIES or text is None:
            return match.group(0)
        self.replaced_entities += 1
        return "".join(f"&#{ord(character)};" for character in text).encode("ascii")

    def _declare_prefixes(self, chunk: bytes) -> bytes:
        """Add the missing ``xmlns:`` declarations to the root element's start tag."""
        root = re.search(rb"<[A-Za-z_][\w.:-]*", chunk)
        if root is None:
            return chunk
        self.root_seen = True
        declarations = "".join(
            f' xmlns:{prefix}="{USUAL_NAMESPACES.get(prefix, f"urn:masthead:undeclared:{prefix}")}"'
            for prefix in self.repairs.declared_prefixes
        ).encode("ascii")
        return chunk[: root.end()] + declarations + chunk[root.end() :]


class _Vocabulary:
    """Names every element ``wp:post_id`` style, whatever namespace URI the file used."""

    def __init__(self):
        self.prefix_by_uri = dict(NAMESPACES)

    def declare(self, prefix: str, uri: str) -> None:
        known = uri in self.prefix_by_uri or WORDPRESS_NAMESPACE.match(uri)
        if prefix in READER_PREFIXES and not known:
            self.prefix_by_uri[uri] = prefix

    def name(self, tag: str) -> str:
        if not tag.startswith("{"):
            return tag
        uri, _, local = tag[1:].partition("}")
        if WORDPRESS_NAMESPACE.match(uri):
            return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
        prefix = self.prefix_by_uri.get(uri)
        # Other vocabularies keep their URI: WordPress.com's <atom:link> must not
        # pass for the channel's own <link>.
        return f"{prefix}:{local}" if prefix else tag

    def rename(self, element: Element) -> None:
        """Give the entry and all its descendants their reader names, in place."""
        for descendant in element.iter():
            descendant.tag = self.name(descendant.tag)


def _text(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _children(element: Element) -> dict[str, str]:
    """Text of each direct child by its reader name (the first one wins)."""
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(child.tag, child.text or "")
    return values


def _meta(element: Element, container: str, key_name: str, value_name: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for child in element:
        if child.tag != container:
            continue
        values = _children(child)
        key = values.get(key_name, "")
        if key:
            meta[key] = values.get(value_name, "")
    return meta


def _author(element: Element) -> Author:
    values = _children(element)
    return Author(
        login=values.get("wp:author_login", "").strip(),
        wp_number=whole_number(values.get("wp:author_id", "")),
        email=values.get("wp:author_email", "").strip(),
        display_name=values.get("wp:author_display_name", "").strip(),
        first_name=values.get("wp:author_first_name", "").strip(),
        last_name=values.get("wp:author_last_name", "").strip(),
    )


def _category(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy="category",
        slug=values.get("wp:category_nicename", "").strip(),
        name=values.get("wp:cat_name", "").strip(),
        wp_number=whole_number(values.get("wp:term_id", "")),
        parent_slug=values.get("wp:category_parent", "").strip(),
        description=values.get("wp:category_description", "").strip(),
    )


def _tag(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy="post_tag",
        slug=values.get("wp:tag_slug", "").strip(),
        name=values.get("wp:tag_name", "").strip(),
        wp_number=whole_number(values.get("wp:term_id", "")),
        description=values.get("wp:tag_description", "").strip(),
    )


def _term(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy=values.get("wp:term_taxonomy", "").strip(),
        slug=values.get("wp:term_slug", "").strip(),
        name=values.get("wp:term_name", "").strip(),
        wp_number=whole_number(values.get("wp:term_id", "")),
        parent_slug=values.get("wp:term_parent", "").strip(),
        description=values.get("wp:term_description", "").strip(),
    )


def _comment(element: Element) -> Comment:
    values = _children(element)
    parent = whole_number(values.get("wp:comment_parent", ""))
    user = whole_number(values.get("wp:comment_user_id", ""))
    return Comment(
        wp_id=whole_number(values.get("wp:comment_id", "")),
        author=values.get("wp:comment_author", "").strip(),
        author_email=values.get("wp:comment_author_email", "").strip(),
        author_url=values.get("wp:comment_author_url", "").strip(),
        author_ip=values.get("wp:comment_author_IP", "").strip(),
        date=values.get("wp:comment_date", "").strip(),
        date_gmt=values.get("wp:comment_date_gmt", "").strip(),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "").strip(),
        comment_type=values.get("wp:comment_type", "").strip(),
        parent_id=parent or None,
        user_id=user or None,
        meta=_meta(element, "wp:commentmeta", "wp:meta_key", "wp:meta_value"),
    )


def _item(element: Element) -> Item:
    values = _children(element)
    categories = [
        (child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
        for child in element
        if child.tag == "category"
    ]
    comments = [_comment(child) for child in element if child.tag == "wp:comment"]
    parent = whole_number(values.get("wp:post_parent", ""))
    return Item(
        wp_id=whole_number(values.get("wp:post_id", "")),
        post_type=values.get("wp:post_type", "").strip(),
        title=values.get("title", ""),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        pub_date=values.get("pubDate", "").strip(),
        post_date=values.get("wp:post_date", "").strip(),
        post_date_gmt=values.get("wp:post_date_gmt", "").strip(),
        post_modified=values.get("wp:post_modified", "").strip(),
        post_modified_gmt=values.get("wp:post_modified_gmt", "").strip(),
        comment_status=values.get("wp:comment_status", "").strip(),
        slug=values.get("wp:post_name", "").strip(),
        status=values.get("wp:status", "").strip(),
        parent_id=parent or None,
        menu_order=whole_number(values.get("wp:menu_order", "")) or 0,
        password=values.get("wp:post_password", ""),
        is_sticky=values.get("wp:is_sticky", "").strip() == "1",
        attachment_url=values.get("wp:attachment_url", "").strip(),
        categories=categories,
        meta=_meta(element, "wp:postmeta", "wp:meta_key", "wp:meta_value"),
        comments=comments,
    )


CHANNEL_FIELDS = {
    "title": "title",
    "link": "link",
    "language": "language",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
    "wp:wxr_version": "wxr_version",
}
ENTRY_READERS: dict[str, Callable[[Element], Entry]] = {
    "wp:author": _author,
    "wp:category": _category,
    "wp:tag": _tag,
    "wp:term": _term,
    "item": _item,
}


@dataclass
class ReadStats:
    """What reading the file itself noticed and repaired, for the report."""

    dropped_control_bytes: int = 0
    declared_prefixes: list[str] = field(default_factory=list)
    replaced_entities: int = 0
    mended_cdata_ends: int = 0


def read_export(
    path: Path, on_bytes: Callable[[int], None] | None = None, stats: ReadStats | None = None
) -> Iterator[Entry]:
    """Yield the channel (once its header is read), then each author, term and item in order.

    Raises :class:`ExportError` where the file stops being readable XML even
    with the repairs; every entry before that point has already been yielded.
    """
    stats = stats if stats is not None else ReadStats()
    repairs = _Repairs()
    handed_out = 0
    bytes_read = 0
    for _attempt in range(MOST_REPAIRS):
        with open(path, "rb") as raw:
            reader = _CleaningReader(raw, on_bytes, repairs, already_reported=bytes_read)
            try:
                for number, entry in enumerate(_entries(reader)):
                    # A restart after a repair re-reads what was already handed out.
                    if number >= handed_out:
                        handed_out += 1
                        yield entry
                return
            except ParseError as error:
                if not _learn_repair(error, path, repairs):
                    raise ExportError(
                        f"The export stops being well-formed XML ({error}); nothing after "
                        "that point was read. It may be truncated: export it again and rerun "
                        "the import."
                    ) from error
            finally:
                bytes_read = max(bytes_read, reader.position)
                stats.dropped_control_bytes = reader.dropped_control_bytes
                stats.declared_prefixes = list(repairs.declared_prefixes)
                stats.replaced_entities = reader.replaced_entities
                stats.mended_cdata_ends = reader.mended_cdata_ends
    raise ExportError(
        f"The export needed more than {MOST_REPAIRS} repairs to be read; it was read only "
        "up to the last of them. Export it again and rerun the import."
    )


def _learn_repair(error: ParseError, path: Path, repairs: _Repairs) -> bool:
    """Whether ``error`` is one the stream can be repaired for (and note how)."""
    line_number, _column = error.position
    # A stray "]]>" puts the rest of its text outside CDATA, where it fails in
    # any number of ways (a mismatched tag, an "&", the real "]]>"): it is looked
    # for first, whatever the error says.
    if not repairs.broken_cdata and _stray_cdata_end(path, line_number):
        repairs.broken_cdata = True
        return True
    if error.code == expat_errors.codes[expat_errors.XML_ERROR_UNDEFINED_ENTITY]:
        if repairs.html_entities:
            return False
        repairs.html_entities = True
        return True
    if error.code != expat_errors.codes[expat_errors.XML_ERROR_UNBOUND_PREFIX]:
        return False
    missing = [
        prefix
        for prefix in dict.fromkeys(
            m.decode("ascii") for m in PREFIXED_NAME.findall(_line(path, line_number))
        )
        if prefix not in repairs.file_prefixes and prefix not in repairs.declared_prefixes
    ]
    repairs.declared_prefixes += missing
    return bool(missing)


def _stray_cdata_end(path: Path, line_number: int) -> bool:
    """Whether a CDATA section up to the end of line ``line_number`` holds a stray ``]]>``."""
    mender = _CDataMender()
    lines = 0
    chunks_past_the_line = 0
    with open(path, "rb") as raw:
        # One chunk more than the line needs, so that a "]]>" near its end is judged.
        while chunks_past_the_line < 2 and (chunk := raw.read(READ_CHUNK)):
            lines += chunk.count(b"\n")
            chunks_past_the_line += lines >= line_number
            mender.feed(FORBIDDEN_CONTROL_BYTES.sub(b"", chunk), at_end=False)
            if mender.mended:
                return True
        mender.feed(b"", at_end=True)
    return mender.mended > 0


def _line(path: Path, line_number: int) -> bytes:
    """One line of the file, as the parser counted them (control bytes do not end lines)."""
    with open(path, "rb") as raw:
        for number, line in enumerate(raw, start=1):
            if number == line_number:
                return line
    return b""


def _entries(reader: _CleaningReader) -> Iterator[Entry]:
    channel = Channel()
    channel_sent = False
    depth = 0
    channel_element: Element | None = None
    vocabulary = _Vocabulary()
    try:
        for event, element in iterparse(reader, events=("start-ns", "start", "end")):
            if event == "start-ns":
                vocabulary.declare(*element)
                reader.repairs.file_prefixes.add(element[0])
                continue
            if event == "start":
                depth += 1
                if depth == 2 and vocabulary.name(element.tag) == "channel":
                    channel_element = element
                continue
            depth -= 1
            if depth != 2 or channel_element is None:
                continue
            vocabulary.rename(element)
            name = element.tag
            if name in CHANNEL_FIELDS:
                setattr(channel, CHANNEL_FIELDS[name], (element.text or "").strip())
            elif name in ENTRY_READERS:
                if not channel_sent:
                    channel_sent = True
                    yield channel
                yield ENTRY_READERS[name](element)
            # Everything about this entry has been read: let it go.
            channel_element.remove(element)
    except DefusedXmlException as error:
        raise ExportError(
            "The export declares XML entities or external references "
            f"({error.__class__.__name__}); it was refused as unsafe and nothing from it "
            "was read."
        ) from error
    if channel_element is None:
        raise ExportError("This file is not a WordPress export: it has no RSS <channel>.")
    if not channel_sent:
        yield channel
