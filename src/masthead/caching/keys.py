"""Which requests share one stored response: the address, its query string put in one form.

The page cache finds a response by its whole address, so ``?q=Storm``,
``?q=storm%20`` and ``?q=storm&utm_source=x`` would each be rendered and stored
once, and a crawler that varies a query string on purpose would miss every
time. A view whose answer depends on a few parameters registers, under its URL
name, a function that gives the query it renders from
(:func:`register_canonical_query`): the parameters it reads, in one order and
one spelling, or ``None`` to keep the address as it came. The view must then
render from that function's answer and nothing else of the query string, so
that every request sharing an entry would have got the same bytes anyway.

Only the key changes: the response, its ``ETag`` and what a cache in front
keeps (nothing with a query string, see :mod:`.frontend`) are as before.
"""

from collections.abc import Callable

from django.http import HttpRequest, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import escape_uri_path

CanonicalQuery = Callable[[QueryDict], QueryDict | None]

_BY_NAME: dict[str, CanonicalQuery] = {}
_by_path: dict[str, CanonicalQuery] | None = None


def register_canonical_query(url_name: str, canonical: CanonicalQuery) -> None:
    """Key responses of the view named ``url_name`` by ``canonical(request.GET)``."""
    global _by_path
    _BY_NAME[url_name] = canonical
    _by_path = None  # resolved again on the next request


def _paths() -> dict[str, CanonicalQuery]:
    """The registered views by path, resolved once: the URLconf is not loaded at start-up."""
    global _by_path
    if _by_path is None:
        paths = {}
        for name, canonical in _BY_NAME.items():
            try:
                paths[reverse(name)] = canonical
            except NoReverseMatch:
                continue
        _by_path = paths
    return _by_path


def cache_address(request: HttpRequest) -> str:
    """The path and query string under which ``request``'s response is stored."""
    canonical = _paths().get(request.path_info)
    query = canonical(request.GET) if canonical is not None else None
    if query is None:
        return request.get_full_path()
    encoded = query.urlencode()
    return escape_uri_path(request.path) + (f"?{encoded}" if encoded else "")
