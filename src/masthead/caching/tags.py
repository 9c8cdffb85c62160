"""Cache tags: what a cached response shows, named so that a change can find it.

A view that wants its response cached declares, while it renders, what the
response shows (:func:`declare`). A change later names the same things
(:mod:`masthead.caching.invalidation`), and every cached response that showed
one of them is dropped, wherever it is: this process, another app server, the
worker's side of a shared cache, a CDN that understands ``Surrogate-Key``.

The vocabulary is small on purpose:

``page-<id>``
    The page with this id, wherever it is shown: its own page, a card in a
    listing or a feed, a "You May Also Like" entry. Its headline, excerpt,
    picture, byline, date or comment count changed.
``list-<id>``
    Which stories a listing of page ``<id>`` holds: the home page (every
    story), a section, an author. A story joined or left it, or moved in its
    order (a new date).
``list-tag-<id>``
    The same for a topic tag.
``related-<id>``
    Which stories the "You May Also Like" block under story ``<id>`` suggests.
``list-tags``
    The list of topic tags with their story counts.
``search``
    Which stories any search finds, and in what order: a story was published,
    unpublished, edited, moved, re-dated or deleted. A search could match any
    story's words, so every search result page carries it and every change to
    a story bumps it.
``sitemap``
    The sitemaps, which list every story with its last change.
``site``
    Everything: navigation, site settings, the layout. Every cached response
    carries it.
``tree-<id>``
    The page with this id and every page under it, for the cache in front
    only: no response declares it. A view restriction on that page changed,
    and the page cache drops everything through ``site``, but nginx keeps a
    story until it expires unless its own address is purged, and a section
    made private must not stay readable there.
"""

from collections.abc import Iterable

from django.http import HttpRequest

SITE = "site"
SITEMAP = "sitemap"
TAG_LIST = "list-tags"
SEARCH = "search"
REQUEST_ATTRIBUTE = "masthead_cache_tags"
PRIVATE_ATTRIBUTE = "masthead_cache_private"


def page_tag(page_id: int) -> str:
    return f"page-{page_id}"


def list_tag(page_id: int) -> str:
    return f"list-{page_id}"


def topic_tag(tag_id: int) -> str:
    return f"list-tag-{tag_id}"


def related_tag(page_id: int) -> str:
    return f"related-{page_id}"


def tree_tag(page_id: int) -> str:
    return f"tree-{page_id}"


def declare(request: HttpRequest | None, *tags: str, pages: Iterable = ()) -> None:
    """Mark the response being rendered as cacheable, and as showing ``tags`` and ``pages``.

    Only responses whose view called this are ever cached, so a view nobody
    thought about is never served to the wrong reader. ``pages`` are page
    objects (or anything with a ``pk``) shown in the response.
    """
    if request is None:
        return
    declared = getattr(request, REQUEST_ATTRIBUTE, None)
    if declared is None:
        declared = {SITE}
        setattr(request, REQUEST_ATTRIBUTE, declared)
    declared.update(tags)
    declared.update(page_tag(page.pk) for page in pages if page is not None and page.pk)


def note_shown(request: HttpRequest | None, pages: Iterable) -> None:
    """Add ``pages`` to what a cacheable response shows; nothing if it is not cacheable.

    For parts of a page (a block, an include) that do not decide whether the
    page as a whole may be cached.
    """
    if request is not None and declared_tags(request) is not None:
        declare(request, pages=pages)


def keep_private(request: HttpRequest | None) -> None:
    """The response being rendered shows something to this reader alone: never cache it.

    Wins over every :func:`declare`, before or after it, so a part of a page
    (a comment section showing its author a held comment) can decide without
    the page's own view knowing why.
    """
    if request is not None:
        setattr(request, PRIVATE_ATTRIBUTE, True)


def declared_tags(request: HttpRequest) -> set[str] | None:
    """The tags the view declared; None when it did not ask to be cached or was kept private."""
    if getattr(request, PRIVATE_ATTRIBUTE, False):
        return None
    return getattr(request, REQUEST_ATTRIBUTE, None)
