"""Plain-text helpers shared by excerpts, listings, feeds and the forms readers fill in."""

import re
import unicodedata
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


# Embeddings, overrides and isolates reorder the text around them: in a name or a
# link they make "moc.knab" read as "bank.com". Nobody needs them to write Arabic,
# Persian or Hebrew; keyboards insert only the zero-width marks below.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Left-to-right, right-to-left and Arabic letter marks: typed with right-to-left
# text and harmless in prose, but never part of an address.
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
_LINE_BREAKS_AND_TABS = frozenset("\n\r\t")
# Control, surrogate, private-use and unassigned code points, and line and
# paragraph separators. Other format characters stay: the zero-width joiner and
# non-joiner are part of Persian, Indic and emoji spelling.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def refused_characters(
    text: str, *, multiline: bool = False, direction_marks: bool = True
) -> list[str]:
    """The characters in ``text`` that a reader's name, address or comment may not hold.

    Each appears once, in order, so that a form can name them. ``multiline``
    allows line breaks and tabs (comments); ``direction_marks`` allows the
    zero-width direction marks (names and prose, not e-mail or web addresses).
    """
    found: list[str] = []
    for char in text:
        if char in found or (multiline and char in _LINE_BREAKS_AND_TABS):
            continue
        if (
            char in BIDI_CONTROLS
            or (char in DIRECTION_MARKS and not direction_marks)
            or unicodedata.category(char) in _REFUSED_CATEGORIES
        ):
            found.append(char)
    return found


def describe_characters(chars: list[str]) -> str:
    """``U+202E, U+0007``: how a form names characters a reader cannot see."""
    return ", ".join(f"U+{ord(char):04X}" for char in chars[:5])


# An adult reads about 230 words a minute in alphabetic scripts (Latin,
# Armenian, Cyrillic, Arabic), and about 500 characters a minute in Chinese and
# Japanese, which put no spaces between words (Brysbaert 2019; Trauzettel-Klosinski
# and Dietz 2012).
WORDS_PER_MINUTE = 230
IDEOGRAPHS_PER_MINUTE = 500
_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def reading_minutes(text: str) -> int:
    """Whole minutes a reader needs for ``text``, at least one when there is any text."""
    ideographs = len(_IDEOGRAPH.findall(text))
    words = len(_IDEOGRAPH.sub(" ", text).split())
    if not words and not ideographs:
        return 0
    minutes = words / WORDS_PER_MINUTE + ideographs / IDEOGRAPHS_PER_MINUTE
    return max(1, round(minutes))
