"""Built sitemaps, kept in Django's cache until something is published.

The index and the pages sitemap each scan the archive once (about a second at
100,000 stories on SQLite); crawlers fetch them often, and they change only
when a page is published or unpublished. Every publication bumps a version
number, which retires all cached sitemaps at once; a time limit bounds how long
an entry can outlive a change made behind Wagtail's back (a bulk SQL update).
"""

from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache

TIMEOUT_SECONDS = 15 * 60
VERSION_KEY = "distribution:sitemaps:version"


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def forget_sitemaps(**kwargs) -> None:
    """Retire every cached sitemap (connected to Wagtail's publish and unpublish signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cached(key: str, build: Callable[[], tuple[str, datetime | None]]):
    """``build()``'s (body, lastmod), from the cache when this version has it."""
    full_key = f"distribution:sitemaps:{current_version()}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = build()
        cache.set(full_key, found, TIMEOUT_SECONDS)
    return found
