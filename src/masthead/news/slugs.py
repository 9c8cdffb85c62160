"""Slugs for headlines in any script.

Masthead's URLs are ASCII so that they survive e-mail clients, chat apps and
old feed readers: a headline in Armenian, Cyrillic, Greek or Arabic script is
transliterated (Հայաստան → hayastan, Москва → moskva) rather than dropped.
"""

import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

MAX_SLUG_LENGTH = 80
FALLBACK_SLUG = "story"


def slugify_headline(headline: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """A lowercase ASCII slug for ``headline``, cut between words."""
    # Symbols (emoji, arrows, currency signs) would transliterate to names like
    # "tada"; a slug is made of the headline's words only.
    words = "".join(
        " " if unicodedata.category(char).startswith("S") else char for char in headline or ""
    )
    slug = slugify(anyascii(words))
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length]
    return slug.strip("-") or FALLBACK_SLUG


def unique_slug(base: str, taken: set[str] | frozenset[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken``."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
