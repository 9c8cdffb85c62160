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
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

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
# Bytes below 0x20 other than tab, newline and carriage return are not allowed
# in XML 1.0; in UTF-8 they only ever stand for themselves, so dropping them at
# byte level cannot split a multi-byte character.
FORBIDDEN_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
READ_CHUNK = 1 << 16


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


class _CleaningReader:
    """A binary file wrapper that drops forbidden control bytes and reports progress."""

    def __init__(self, raw: BinaryIO, on_bytes: Callable[[int], None] | None):
        self.raw = raw
        self.on_bytes = on_bytes
        self.dropped_control_bytes = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(READ_CHUNK if size is None or size < 0 else size)
        if self.on_bytes is not None and chunk:
            self.on_bytes(len(chunk))
        cleaned, dropped = FORBIDDEN_CONTROL_BYTES.subn(b"", chunk)
        self.dropped_control_bytes += dropped
        return cleaned


def _local_name(tag: str) -> str:
    """``wp:post_id`` style names whatever WXR version's namespace the file uses."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if WORDPRESS_NAMESPACE.match(uri):
        return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else local


def _text(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


def _children(element: Element) -> dict[str, str]:
    """Text of each direct child by local name (the first one wins)."""
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(_local_name(child.tag), child.text or "")
    return values


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _meta(element: Element, container: str, key_name: str, value_name: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for child in element:
        if _local_name(child.tag) != container:
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
        wp_number=_int_or_none(values.get("wp:author_id", "")),
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
        wp_number=_int_or_none(values.get("wp:term_id", "")),
        parent_slug=values.get("wp:category_parent", "").strip(),
        description=values.get("wp:category_description", "").strip(),
    )


def _tag(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy="post_tag",
        slug=values.get("wp:tag_slug", "").strip(),
        name=values.get("wp:tag_name", "").strip(),
        wp_number=_int_or_none(values.get("wp:term_id", "")),
        description=values.get("wp:tag_description", "").strip(),
    )


def _term(element: Element) -> Term:
    values = _children(element)
    return Term(
        taxonomy=values.get("wp:term_taxonomy", "").strip(),
        slug=values.get("wp:term_slug", "").strip(),
        name=values.get("wp:term_name", "").strip(),
        wp_number=_int_or_none(values.get("wp:term_id", "")),
        parent_slug=values.get("wp:term_parent", "").strip(),
        description=values.get("wp:term_description", "").strip(),
    )


def _comment(element: Element) -> Comment:
    values = _children(element)
    parent = _int_or_none(values.get("wp:comment_parent", ""))
    user = _int_or_none(values.get("wp:comment_user_id", ""))
    return Comment(
        wp_id=_int_or_none(values.get("wp:comment_id", "")),
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
        if _local_name(child.tag) == "category"
    ]
    comments = [_comment(child) for child in element if _local_name(child.tag) == "wp:comment"]
    parent = _int_or_none(values.get("wp:post_parent", ""))
    return Item(
        wp_id=_int_or_none(values.get("wp:post_id", "")),
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
        menu_order=_int_or_none(values.get("wp:menu_order", "")) or 0,
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
    """What reading the file itself noticed, for the report."""

    dropped_control_bytes: int = 0


def read_export(
    path: Path, on_bytes: Callable[[int], None] | None = None, stats: ReadStats | None = None
) -> Iterator[Entry]:
    """Yield the channel (once its header is read), then each author, term and item in order.

    Raises :class:`ExportError` where the file stops being readable XML; every
    entry before that point has already been yielded.
    """
    channel = Channel()
    channel_sent = False
    depth = 0
    channel_element: Element | None = None
    with open(path, "rb") as raw:
        reader = _CleaningReader(raw, on_bytes)
        try:
            for event, element in iterparse(reader, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 2 and _local_name(element.tag) == "channel":
                        channel_element = element
                    continue
                depth -= 1
                if depth != 2 or channel_element is None:
                    continue
                name = _local_name(element.tag)
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
        except ParseError as error:
            raise ExportError(
                f"The export stops being well-formed XML ({error}); nothing after that point "
                "was read. It may be truncated: export it again and rerun the import."
            ) from error
        finally:
            if stats is not None:
                stats.dropped_control_bytes = reader.dropped_control_bytes
    if channel_element is None:
        raise ExportError("This file is not a WordPress export: it has no RSS <channel>.")
    if not channel_sent:
        yield channel
