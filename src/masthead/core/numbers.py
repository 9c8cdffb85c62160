"""Whole numbers typed by strangers: in addresses, query strings and form fields.

``str.isdigit()`` says yes to "²", "③" and other digits of Unicode that
``int()`` then refuses with a ``ValueError``, or reads as a number nobody
typed (Arabic-Indic and Devanagari digits). A number of twenty digits fits no
database integer and raises ``OverflowError`` inside the query. Every number
that comes from outside is read by :func:`whole_number`: ASCII digits only,
within a range, and ``None`` for anything else, so that each caller decides
what a bad number means for its reader (page 1, a 400, a form error) and none
of them is a 500.
"""

# The largest value a signed 64-bit column holds (SQLite's INTEGER, PostgreSQL's
# bigint): anything larger cannot name a row and must not reach a query.
MAX_DATABASE_INTEGER = 2**63 - 1


def whole_number(
    raw: str | None, *, minimum: int = 0, maximum: int = MAX_DATABASE_INTEGER
) -> int | None:
    """``raw`` as an int when it is ASCII digits within ``minimum``..``maximum``, else None.

    Leading and trailing blanks are forgiven (they come from copied links);
    signs, underscores, decimal points and exponents are not.
    """
    if raw is None:
        return None
    text = raw.strip()
    # Bounded before int() so that a megabyte of digits costs nothing to refuse.
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    value = int(text)
    if value < minimum or value > maximum:
        return None
    return value
