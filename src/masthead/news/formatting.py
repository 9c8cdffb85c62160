"""How a story's credits read: bylines, datelines and excerpts.

These are newsroom conventions, kept in one place so that the article page,
listings, feeds and e-mails all print them the same way.
"""

import re
from collections.abc import Sequence

from masthead.core.text import truncate_words

DATELINE_DASH = "—"


def format_byline(names: Sequence[str]) -> str:
    """ "By A", "By A and B", "By A, B and C"; empty when nobody is credited."""
    names = [name.strip() for name in names if name and name.strip()]
    if not names:
        return ""
    if len(names) == 1:
        return f"By {names[0]}"
    return f"By {', '.join(names[:-1])} and {names[-1]}"


def format_dateline(place: str, source: str = "") -> str:
    """The lead-in of a story: "STOCKHOLM —" or "ANKARA (Armradio) —".

    The place is printed in capitals, as wire services do; the source credit keeps
    the case its owner gave it. Without a place there is no dateline, even when a
    source is credited (the sign-off carries that).
    """
    place = " ".join(place.split()).upper()
    source = " ".join(source.split())
    if not place:
        return ""
    if source:
        return f"{place} ({source}) {DATELINE_DASH}"
    return f"{place} {DATELINE_DASH}"


# After the place a typed dateline may credit a source, "(Reuters)", then a dash:
# em or en dash, or a hyphen (single or double) set off by a space, so that a
# place like KILNWORTH-ON-SEA is not read as KILNWORTH and a dash.
_TYPED_DATELINE_TAIL = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:[—–]|--?(?=\s))")


def opens_with_dateline(text: str, place: str) -> bool:
    """Whether ``text`` already begins with a dateline for ``place``, as a writer typed it.

    "KILNWORTH — The council…", "Kilnworth – The council…", "KILNWORTH (Reuters) -
    The council…" all do, in any case; "Kilnworth council voted…" does not.
    """
    place = " ".join(place.split()).casefold()
    text = " ".join(text.split()).casefold()
    if not place or not text.startswith(place):
        return False
    return bool(_TYPED_DATELINE_TAIL.match(text, len(place)))


def lead_excerpt(dateline: str, text: str, max_chars: int) -> str:
    """An excerpt that opens with the dateline, as the body does, cut at a word."""
    text = " ".join(text.split())
    if dateline and text:
        text = f"{dateline} {text}"
    return truncate_words(text, max_chars)
