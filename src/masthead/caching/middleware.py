"""The page cache: whole responses for anonymous readers, fresh to the second.

It sits near the top of the middleware stack, so that a hit skips sessions,
authentication, the URL resolver, Wagtail and every query. What it stores and
when a stored response is stale are decided elsewhere: views declare what they
show (:mod:`masthead.caching.tags`), changes invalidate it
(:mod:`masthead.caching.invalidation`).

Who gets cached pages: GET and HEAD requests without any of the personal
cookies (an editor's session, a commenter's remembered details, flash
messages). Whatever a view prints for those readers is rendered for them
alone, and their responses are never stored. What gets stored: 200 responses
of views that declared tags, that set no cookie and that did not ask to stay
private. Every stored response is the same for every anonymous reader, so it
carries no CSRF token (the reader forms do without, see
:mod:`masthead.core.origins`) and no ``Vary: Cookie``.

Browsers and proxies get validators (``ETag``, ``Last-Modified``) and answer
304s; shared caches in front get ``Surrogate-Key`` and ``X-Accel-Expires``,
and are purged by :mod:`masthead.caching.frontend`.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.text import compress_string

from .frontend import frontend_cacheable
from .keys import cache_address, page_query
from .local import LocalCopies
from .tags import declared_tags
from .versions import TagVersions

CACHEABLE_TYPES = (
    "text/html",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "text/xml",
    "application/json",
    "application/feed+json",
    "text/plain",
)
# Headers that belong to one response or one reader, never to a stored copy.
UNSTORED_HEADERS = {
    "set-cookie",
    "vary",
    "date",
    "x-cache",
    "content-length",
    "content-encoding",
    "etag",
}
MIN_GZIP_BYTES = 200  # as GZipMiddleware: smaller bodies do not shrink
KEY_PREFIX = "pagecache:page:"


def cache_alias() -> str:
    return getattr(settings, "MASTHEAD_PAGE_CACHE_ALIAS", "default")


def cache_seconds() -> int:
    return int(getattr(settings, "MASTHEAD_PAGE_CACHE_SECONDS", 12 * 3600))


# Cookies an app sets that make a reader's pages their own (see register_personal_cookie).
_registered_cookies: list[str] = []
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage


def register_personal_cookie(name: str) -> None:
    """Serve readers who carry cookie ``name`` fresh pages, never stored ones.

    Each app that remembers something about a reader in a cookie registers it
    from its ``AppConfig.ready()`` (comments: the commenter's details), so the
    cache knows the name without importing the app.
    """
    if name not in _registered_cookies:
        _registered_cookies.append(name)


def personal_cookies() -> tuple[str, ...]:
    return tuple(
        getattr(
            settings,
            "MASTHEAD_PAGE_CACHE_PERSONAL_COOKIES",
            (settings.SESSION_COOKIE_NAME, *_registered_cookies, MESSAGES_COOKIE),
        )
    )


_versions: dict[str, TagVersions] = {}
# Pages this process served lately (see masthead.caching.local).
local_copies = LocalCopies(int(getattr(settings, "MASTHEAD_PAGE_CACHE_LOCAL_ENTRIES", 200)))


def tag_versions() -> TagVersions:
    """This process's view of the shared tag versions (one per cache alias)."""
    alias = cache_alias()
    if alias not in _versions:
        _versions[alias] = TagVersions(caches[alias])
    return _versions[alias]


def is_personal(request: HttpRequest) -> bool:
    """Whether this reader may see something nobody else sees."""
    return any(name in request.COOKIES for name in personal_cookies())


def page_key(request: HttpRequest) -> str | None:
    """The stored response's key: a hash of the address, so of one length whatever was sent.

    The address is the one :func:`masthead.caching.keys.cache_address` gives:
    as requested, or with its query string in one form where the view says how.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host}{cache_address(request)}"
    return KEY_PREFIX + hashlib.blake2b(address.encode(), digest_size=20).hexdigest()


def is_storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in CACHEABLE_TYPES:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _publish_headers(request: HttpRequest, response: HttpResponse, tags: list[str]) -> None:
    """What browsers, proxies and CDNs need to cache and revalidate this response."""
    seconds = cache_seconds()
    response["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={seconds}"
    response["Surrogate-Key"] = " ".join(sorted(tags))
    in_front = frontend_cacheable(bool(request.META.get("QUERY_STRING")), tags)
    response["X-Accel-Expires"] = str(seconds if in_front else 0)
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


def _stored_entry(
    response: HttpResponse, versions: dict[str, str], etag: str, last_modified: int
) -> dict:
    """What is kept of a response: both bodies, the headers that are everyone's."""
    body = response.content
    compressed = compress_string(body) if len(body) >= MIN_GZIP_BYTES else b""
    return {
        "body": body,
        # Browsers all ask for gzip; compressing a page costs more than serving it.
        "body_gzip": compressed if compressed and len(compressed) < len(body) else b"",
        "headers": [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ],
        "tags": versions,
        "etag": etag,
        "last_modified": last_modified,
        "expires": last_modified + cache_seconds(),
    }


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = getattr(settings, "MASTHEAD_PAGE_CACHE", True)
        if not enabled or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if is_personal(request):
            response = self.get_response(request)
            if declared_tags(request) is not None:
                response["X-Cache"] = "bypass"
                patch_vary_headers(response, ["Cookie"])
                patch_cache_control(response, private=True)
            return response
        narrowed = page_query(request)
        if narrowed is not None:
            # Rendered from what its key holds, so the stored page is every such request's.
            request.GET = narrowed
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        hit = self._from_cache(request, key)
        if hit is not None:
            return hit
        return self._render_and_store(request, key)

    def _from_cache(self, request: HttpRequest, key: str) -> HttpResponse | None:
        entry = local_copies.get(key)
        if entry is None:
            entry = caches[cache_alias()].get(key)
            if not entry:
                return None
            local_copies.put(key, entry, entry.get("expires", 0) - time.time())
        _, versions = tag_versions().current(entry["tags"])
        if versions != entry["tags"]:
            return None
        if entry.get("body_gzip") and accepts_gzip(request):
            # Compressed once when stored, not on every hit (see _stored_entry).
            response = HttpResponse(entry["body_gzip"], status=200)
            response["Content-Encoding"] = "gzip"
            etag = "W/" + entry["etag"]
        else:
            response = HttpResponse(entry["body"], status=200)
            etag = entry["etag"]
        for name, value in entry["headers"]:
            response[name] = value
        patch_vary_headers(response, ["Accept-Encoding"])
        response["ETag"] = etag
        response["Content-Length"] = str(len(response.content))
        response["X-Cache"] = "hit"
        return get_conditional_response(
            request, etag=etag, last_modified=entry["last_modified"], response=response
        )

    def _render_and_store(self, request: HttpRequest, key: str) -> HttpResponse:
        versions = tag_versions()
        epoch_before = versions.epoch()
        response = self.get_response(request)
        tags = declared_tags(request)
        if tags is None or not is_storable(response):
            return response
        response["X-Cache"] = "miss"
        _publish_headers(request, response, list(tags))
        etag = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
        last_modified = int(time.time())
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        epoch_after, tag_versions_now = versions.current(tags)
        if request.method == "GET" and epoch_after == epoch_before:
            # A change while this response was rendered may not be in it: store
            # nothing then, the next request renders again.
            entry = _stored_entry(response, tag_versions_now, etag, last_modified)
            caches[cache_alias()].set(key, entry, timeout=cache_seconds())
            local_copies.put(key, entry, cache_seconds())
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
