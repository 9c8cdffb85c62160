"""Purging the shared cache in front (nginx, Varnish, a CDN) when pages change.

Wagtail's frontend-cache backends do the talking (``WAGTAILFRONTENDCACHE``,
set from ``MASTHEAD_FRONTEND_CACHE_URL``; see docs/deployment.md). What is
purged comes from the same tags that invalidate the page cache, turned into
the addresses that show them: each app registers what shows its data
(:func:`register_address_source`) and its pages' other addresses, such as
feeds (:func:`register_page_addresses`). A cache in front only keeps
addresses without a query string (the shipped nginx configuration skips the
others, and so do sitemaps: see :func:`frontend_cacheable`), so those are all
there is to purge.

Purges are sent synchronously, right after the commit, because an editor who
has just pressed Publish reloads the story at once.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page

from .tags import SITE, SITEMAP

logger = logging.getLogger(__name__)
# Tags that name one page: that page is shown again, whatever else shows it.
PAGE_TAG_PATTERN = re.compile(r"^(page|list|related)-(\d+)$")
# A page and everything under it (see masthead.caching.tags).
TREE_TAG_PATTERN = re.compile(r"^tree-(\d+)$")


def frontend_cacheable(request_has_query: bool, tags: Iterable[str]) -> bool:
    """Whether a shared cache in front may keep this response (see module docstring)."""
    return not request_has_query and SITEMAP not in tags


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


@dataclass
class Shown:
    """What shows one cache tag, as the app that owns the data knows it."""

    pages: list[Page] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    """Other tags whose addresses show it too (a story's topics, say)."""


AddressSource = Callable[[str], Shown | None]
PageAddresses = Callable[[Page, str], Iterable[str]]
_SOURCES: list[AddressSource] = []
_PAGE_ADDRESSES: list[PageAddresses] = []


def register_address_source(source: AddressSource) -> None:
    """Have ``source(tag)`` name the pages and addresses that show ``tag``, for purging."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def register_page_addresses(addresses: PageAddresses) -> None:
    """Have ``addresses(page, root_url)`` add the page's other addresses (its feeds)."""
    if addresses not in _PAGE_ADDRESSES:
        _PAGE_ADDRESSES.append(addresses)


def page_addresses(page: Page) -> list[str]:
    """The page's own address plus those the apps add for it."""
    parts = page.get_url_parts()
    if parts is None:
        return []
    _, root_url, page_path = parts
    urls = [root_url.rstrip("/") + page_path]
    for addresses in _PAGE_ADDRESSES:
        urls += addresses(page, root_url)
    return urls


def urls_for_tags(tags: Iterable[str]) -> set[str]:
    """The addresses a shared cache may hold that show any of ``tags``."""
    pages: dict[int, Page] = {}
    urls: set[str] = set()
    waiting, seen = list(tags), set()
    while waiting:
        tag = waiting.pop()
        if tag in seen:
            continue
        seen.add(tag)
        if tag == SITE:
            # The navigation is on every page; these are the ones readers land on.
            pages.update({page.pk: page for page in Page.objects.filter(depth__lte=3).live()})
        elif match := TREE_TAG_PATTERN.match(tag):
            top = Page.objects.filter(pk=int(match.group(1))).first()
            if top is not None:
                under = Page.objects.descendant_of(top, inclusive=True).live()
                pages.update({page.pk: page for page in under})
        elif match := PAGE_TAG_PATTERN.match(tag):
            page = Page.objects.filter(pk=int(match.group(2))).first()
            if page is not None:
                pages[page.pk] = page
        for source in _SOURCES:
            shown = source(tag)
            if shown is not None:
                pages.update({page.pk: page for page in shown.pages})
                urls.update(shown.urls)
                waiting += shown.tags
    for page in pages.values():
        urls.update(page_addresses(page))
    return urls


class EncodingAwareHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge, once per stored encoding of each address.

    The shipped nginx configuration keeps a gzip-compressed and a plain copy
    of each page under two keys (so that neither kind of client pays for
    converting the other's), told apart by the purge request's
    ``Accept-Encoding`` as for readers' requests.
    """

    ENCODINGS = ("", "gzip")

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""])
        for encoding in self.ENCODINGS:
            headers = {"Host": host, "User-Agent": "Masthead-purge"}
            if encoding:
                headers["Accept-Encoding"] = encoding
            try:
                urlopen(PurgeRequest(url=target, headers=headers), timeout=10)  # noqa: S310
            except (HTTPError, URLError) as error:
                logger.error(
                    "Could not purge %s (%s) from the frontend cache: %s",
                    url,
                    encoding or "plain",
                    error,
                )


def purge_tags(tags: Iterable[str]) -> None:
    """Purge every configured frontend cache of what shows ``tags``. Never raises."""
    if not enabled():
        return
    try:
        urls = sorted(urls_for_tags(tags))
        for name, backend in get_backends().items():
            backend.purge_batch(urls)
            logger.info("Purged %d addresses from frontend cache %s", len(urls), name)
    except Exception:
        logger.exception("Could not purge the frontend cache for %s", sorted(tags))
