"""Counting requests per key in a time window, in the shared cache.

Every app server sees the same counts (the cache is shared in a scale-out set-up,
and one file-backed cache on one machine). A fixed window is enough here: the
limits guard against floods, not against a careful attacker who waits an hour.
"""

from django.core.cache import cache


def count_in_window(key: str, window_seconds: int) -> int:
    """Count one more event for ``key`` and return how many the window holds now."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
