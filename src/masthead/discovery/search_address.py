"""One address per search: what the page cache keys a search on, and what it is rendered from.

``?q=Storm``, ``?q=storm%20`` and ``?q=storm!&sort=relevance&utm_source=x``
find the same stories in the same order, so they are one stored page, and a
crawler does not get a fresh (costly) search by respelling a popular one.
:func:`canonical_search` gives the parameters the search page reads, in one
spelling; the page cache keys on it (:mod:`masthead.caching.keys`) and the
views render from it and nothing else, so every request that shares a stored
page would have got the same bytes.

The spelling:

- ``q``: the words searched (:func:`.search.clean_query`: punctuation and
  spaces between words dropped), with ASCII capitals made small. Every backend
  matches regardless of case, so results are the same. Letters beyond ASCII
  keep their case, because lower-casing them is not one operation everywhere:
  Python turns "İ" into two characters, and a PostgreSQL database created with
  the C locale does not fold "Москва" into "москва" at all.
- ``section``, ``author``, ``date_from``, ``date_to``: blanks trimmed, left out
  when empty; a bad value keeps its spelling, so the page can say what is wrong.
- ``sort``: left out for relevance, the default.
- ``page``: left out for page 1 and for anything that is not a page number.
- anything else (``utm_source``, a cache-buster): left out, as the page reads none.

A search with no searchable words, or a shortened one, is left as it came
(``None``): its page quotes what was typed, or says it was cut.
"""

import string

from django.http import QueryDict

from masthead.caching.keys import register_canonical_query
from masthead.core.pagination import page_number

from .search import clean_query

FILTERS = ("section", "author", "date_from", "date_to")
SMALL_ASCII = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _words(raw: str, *, allow_shortened: bool) -> str | None:
    query = clean_query(raw)
    if not query.terms or (query.shortened and not allow_shortened):
        return None
    return " ".join(term.translate(SMALL_ASCII) for term in query.terms)


def _canonical(query: QueryDict, *, with_order: bool) -> QueryDict | None:
    words = _words(query.get("q", ""), allow_shortened=not with_order)
    if words is None:
        return None
    canonical = QueryDict(mutable=True)
    canonical["q"] = words
    for name in FILTERS:
        value = query.get(name, "").strip()
        if value:
            canonical[name] = value
    if with_order:
        sort = query.get("sort", "").strip()
        if sort and sort != "relevance":
            canonical["sort"] = sort
        number = page_number(query.get("page"))
        if number > 1:
            canonical["page"] = str(number)
    return canonical


def canonical_search(query: QueryDict) -> QueryDict | None:
    """The search page's parameters in one spelling, or None to keep them as they came."""
    return _canonical(query, with_order=True)


def canonical_feed(query: QueryDict) -> QueryDict | None:
    """The same for the feed, which is always newest first, in one page, and quotes nothing."""
    return _canonical(query, with_order=False)


def connect() -> None:
    register_canonical_query("search", canonical_search)
    register_canonical_query("search-feed", canonical_feed)
