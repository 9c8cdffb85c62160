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

Wagtail's pages all live under one catch-all address, so they cannot register
by name. Instead each app names the parameters its pages read
(:func:`register_page_parameters`: ``page``, ``cpage``, ``replytocom``...),
and a page's address keeps only those, in one order: ``?x=1``, ``?x=2`` and
``?utm_source=news`` on a story are the story's one stored page, where each
used to cost a full render and an entry pushing a real page out of the cache.
The page cache then hands the page only those parameters
(:func:`page_query`), so a page that read another one would see it missing
on every request alike instead of storing one reader's answer for all: a
parameter must be registered before a page may read it.

Only the key changes: the response, its ``ETag`` and what a cache in front
keeps (nothing with a query string, see :mod:`.frontend`) are as before.
"""

import contextlib
import functools
from collections.abc import Callable

from django.http import HttpRequest, QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.encoding import escape_uri_path

from masthead.core.editions import edition_languages, is_multilingual

CanonicalQuery = Callable[[QueryDict], QueryDict | None]

_BY_NAME: dict[str, CanonicalQuery] = {}
_by_path: dict[str, CanonicalQuery] | None = None
_by_path_languages: tuple[str, ...] = ()
_PAGE_PARAMETERS: set[str] = set()
# Wagtail's catch-all route (wagtail.urls): every page of the site tree.
PAGE_URL_NAME = "wagtail_serve"


def register_canonical_query(url_name: str, canonical: CanonicalQuery) -> None:
    """Key responses of the view named ``url_name`` by ``canonical(request.GET)``."""
    global _by_path
    _BY_NAME[url_name] = canonical
    _by_path = None  # resolved again on the next request


def _paths() -> dict[str, CanonicalQuery]:
    """The registered views by path, resolved once: the URLconf is not loaded at start-up.

    A view in every edition (search: ``/search/``, ``/hy/search/``) has a
    path per edition, each reversed in its language; one with one language.
    """
    global _by_path, _by_path_languages
    languages = tuple(edition_languages()) if is_multilingual() else ()
    if _by_path is None or languages != _by_path_languages:
        paths = {}
        for language in languages or (None,):
            with translation.override(language) if language else contextlib.nullcontext():
                for name, canonical in _BY_NAME.items():
                    try:
                        paths[reverse(name)] = canonical
                    except NoReverseMatch:
                        continue
        _by_path, _by_path_languages = paths, languages
    return _by_path


def register_page_parameters(*names: str) -> None:
    """Parameters of the query string that some Wagtail page reads: kept in its key."""
    _PAGE_PARAMETERS.update(names)


@functools.lru_cache(maxsize=4096)
def _is_page_address(path_info: str) -> bool:
    try:
        return resolve(path_info).url_name == PAGE_URL_NAME
    except Resolver404:
        return False


def _page_parameters(params: QueryDict) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in _PAGE_PARAMETERS:
            kept.setlist(name, params.getlist(name))
    return kept


def page_query(request: HttpRequest) -> QueryDict | None:
    """A page's query string cut to the registered parameters; None for other views.

    Only asked when there is a query string, so a plain address costs no
    URL resolution on the way to a cache hit.
    """
    if not request.META.get("QUERY_STRING") or request.path_info in _paths():
        return None
    if not _is_page_address(request.path_info):
        return None
    return _page_parameters(request.GET)


def cache_address(request: HttpRequest) -> str:
    """The path and query string under which ``request``'s response is stored."""
    canonical = _paths().get(request.path_info)
    query = canonical(request.GET) if canonical is not None else page_query(request)
    if query is None:
        return request.get_full_path()
    encoded = query.urlencode()
    return escape_uri_path(request.path) + (f"?{encoded}" if encoded else "")
