"""Purging the shared cache in front (nginx, Varnish, a CDN) when pages change.

Wagtail's frontend-cache backends do the talking (``WAGTAILFRONTENDCACHE``,
set from ``MASTHEAD_FRONTEND_CACHE_URL``; see docs/deployment.md). What is
purged comes from the same tags that invalidate the page cache, turned into
the addresses that show them. A cache in front only keeps addresses without a
query string (the shipped nginx configuration skips the others, and so do
sitemaps: see :func:`frontend_cacheable`), so those are all there is to purge.

Purges are sent synchronously, right after the commit, because an editor who
has just pressed Publish reloads the story at once.
"""

import contextlib
import logging
import re
from collections.abc import Iterable
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from taggit.models import Tag
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Page

from .tags import SITE, SITEMAP, TAG_LIST

logger = logging.getLogger(__name__)
TAG_PATTERN = re.compile(r"^(page|list|list-tag|related)-(\d+)$")
FEED_FORMATS = ("rss", "atom")


def frontend_cacheable(request_has_query: bool, tags: Iterable[str]) -> bool:
    """Whether a shared cache in front may keep this response (see module docstring)."""
    return not request_has_query and SITEMAP not in tags


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _full(root_url: str, path: str) -> str:
    return root_url.rstrip("/") + path


def _feed_urls(root_url: str, route: str, **kwargs) -> list[str]:
    urls = []
    for fmt in FEED_FORMATS:
        with contextlib.suppress(NoReverseMatch):
            urls.append(_full(root_url, reverse(f"distribution:{route}-{fmt}", kwargs=kwargs)))
    return urls


def _page_urls(page: Page) -> tuple[str | None, list[str]]:
    """The page's site root and the page's own address plus its feeds."""
    parts = page.get_url_parts()
    if parts is None:
        return None, []
    _, root_url, page_path = parts
    urls = [_full(root_url, page_path)]
    kind = page.specific_class.__name__ if page.specific_class else ""
    if kind == "HomePage":
        urls += _feed_urls(root_url, "site")
    elif kind == "SectionPage":
        urls += _feed_urls(root_url, "section", slug=page.slug)
    elif kind == "AuthorPage":
        urls += _feed_urls(root_url, "author", slug=page.slug)
    elif kind == "ArticlePage":
        urls += _feed_urls(root_url, "comments", article_id=page.pk)
    return root_url, urls


def _tag_urls(tag_id: int) -> list[str]:
    from masthead.news.models import TagIndexPage

    tag = Tag.objects.filter(pk=tag_id).first()
    urls = []
    for index in TagIndexPage.objects.live():
        parts = index.get_url_parts()
        if parts is None:
            continue
        root_url = parts[1]
        if tag is not None:
            urls.append(_full(root_url, parts[2] + index.url_for_tag(tag).lstrip("/")))
            urls += _feed_urls(root_url, "tag", slug=tag.slug)
    return urls


def _story_shown_in(page_id: int) -> list[Page]:
    """Pages whose first screen may show this story: its listings and its neighbours."""
    from masthead.discovery.models import RelatedArticle
    from masthead.news.models import ArticleAuthor, TagIndexPage

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    shown_in = list(page.get_ancestors().filter(depth__gte=2))
    author_ids = ArticleAuthor.objects.filter(article_id=page_id).values_list("author_id")
    source_ids = RelatedArticle.objects.filter(target_id=page_id).values_list("source_id")
    shown_in += list(Page.objects.filter(pk__in=author_ids))
    shown_in += list(Page.objects.filter(pk__in=source_ids))
    shown_in += list(TagIndexPage.objects.all())
    return shown_in


def urls_for_tags(tags: Iterable[str]) -> set[str]:
    """The addresses a shared cache may hold that show any of ``tags``."""
    from masthead.news.models import ArticlePage, TagIndexPage

    pages: dict[int, Page] = {}
    urls: set[str] = set()
    for tag in tags:
        match = TAG_PATTERN.match(tag)
        if tag == SITE:
            # The navigation is on every page; these are the ones readers land on.
            for page in Page.objects.filter(depth__lte=3).live():
                pages[page.pk] = page
        elif tag == TAG_LIST:
            for page in TagIndexPage.objects.live():
                pages[page.pk] = page
        elif match and match.group(1) == "list-tag":
            urls.update(_tag_urls(int(match.group(2))))
        elif match:
            page_id = int(match.group(2))
            page = Page.objects.filter(pk=page_id).first()
            if page is not None:
                pages[page.pk] = page
            if match.group(1) == "page" and ArticlePage.objects.filter(pk=page_id).exists():
                for other in _story_shown_in(page_id):
                    pages[other.pk] = other
                for tag_id in ArticlePage.tags.through.objects.filter(
                    content_object_id=page_id
                ).values_list("tag_id", flat=True):
                    urls.update(_tag_urls(tag_id))
    for page in pages.values():
        urls.update(_page_urls(page)[1])
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
