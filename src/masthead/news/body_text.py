"""The text of a story's body, read the way its blocks store it.

Search, related stories and the reading time all need the words of a body;
the block types that carry words are this app's, so the one reading lives here.
"""

import json
import re
from html import unescape

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_to_text(html: str) -> str:
    """Text of a rich-text fragment: a quick regex pass, enough for word counts."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()


def body_text(raw_body: str | bytes | list | None) -> str:
    """Plain text of a StreamField body, from its stored JSON (a string or a list of blocks).

    Reads the raw data rather than the StreamValue: building blocks for 100,000
    stories costs minutes, reading their JSON seconds.
    """
    if not raw_body:
        return ""
    data = json.loads(raw_body) if isinstance(raw_body, str | bytes) else raw_body
    pieces: list[str] = []
    for block in data or ():
        if not isinstance(block, dict):
            continue
        value = block.get("value")
        kind = block.get("type")
        if kind == "paragraph" and isinstance(value, str):
            pieces.append(html_to_text(value))
        elif kind == "heading" and isinstance(value, dict):
            pieces.append(str(value.get("text", "")))
        elif kind in {"blockquote", "pullquote"} and isinstance(value, dict):
            pieces.append(str(value.get("quote", "")))
        elif kind == "preformatted" and isinstance(value, str):
            pieces.append(value)
    return " ".join(piece for piece in pieces if piece)
