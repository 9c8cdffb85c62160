"""Snippets of search results with the searched words marked, safely.

The text is cut around the first searched word, then every piece is escaped
and only the ``<mark>`` elements added here are markup: no text from a story
or from the query can ever become HTML.
"""

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from masthead.core.text import ELLIPSIS, truncate_words

SNIPPET_CHARS = 240
LEAD_IN_CHARS = 60


def _pattern(terms: Sequence[str]) -> re.Pattern | None:
    words = sorted({term.lower() for term in terms if term}, key=len, reverse=True)
    if not words:
        return None
    # A searched word matches at the start of a word ("elect" marks "election").
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + ")", re.I)


def mark_terms(text: str, terms: Sequence[str]) -> SafeString:
    """``text`` escaped, with each searched word wrapped in ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def snippet(text: str, terms: Sequence[str], max_chars: int = SNIPPET_CHARS) -> SafeString:
    """About ``max_chars`` of ``text`` around the first searched word, cut at words."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > LEAD_IN_CHARS:
        start = text.rfind(" ", 0, match.start() - LEAD_IN_CHARS) + 1
    excerpt = truncate_words(text[start:], max_chars)
    if start > 0:
        excerpt = ELLIPSIS + excerpt
    return mark_terms(excerpt, terms)
