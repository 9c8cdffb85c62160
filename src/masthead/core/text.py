"""Plain-text helpers shared by excerpts, listings and feeds."""

import re
from html import unescape

from django.utils.html import strip_tags

ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    """Text a reader would see in ``html``, on one line."""
    text = strip_tags(html.replace("<", " <"))
    return _WHITESPACE.sub(" ", unescape(text)).strip()


def truncate_words(text: str, max_chars: int) -> str:
    """Cut ``text`` to at most ``max_chars`` characters at a word boundary, ending with "…".

    A single word longer than the limit (a URL, a long compound) is cut inside the
    word rather than returning nothing; trailing punctuation before the ellipsis is
    dropped so that listings never read "word,…".
    """
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= max_chars:
        return text
    budget = max_chars - len(ELLIPSIS)
    head = text[: budget + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else text[:budget]
    return head.rstrip(" ,;:.-–—") + ELLIPSIS
