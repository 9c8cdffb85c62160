"""Tag versions: how every process agrees, at once, on which cached responses are stale.

Each tag has a version, a random token kept in the shared cache. A cached
response records the versions of its tags when it was stored; it is fresh
while they are all unchanged. Invalidating a tag gives it a new token, so
every response that showed it, in every process, is stale from that moment:
nothing needs to know which responses those were.

Reading a dozen versions per request would cost a dozen cache reads (file
reads by default). So each process remembers the versions it has seen, and a
single shared *epoch* token, renewed by every invalidation, tells it when to
forget them: a cache hit costs two reads, the response and the epoch.

A lost key (evicted, expired, a cache restart) only ever makes responses
stale, never fresh: a missing version is replaced by a new token.
"""

import secrets
import threading
from collections.abc import Iterable

from django.core.cache import BaseCache

EPOCH_KEY = "pagecache:epoch"
VERSION_PREFIX = "pagecache:tag:"


def new_token() -> str:
    return secrets.token_hex(8)


class TagVersions:
    """The versions of tags in ``cache``, with this process's memory of them."""

    def __init__(self, cache: BaseCache):
        self.cache = cache
        self._lock = threading.Lock()
        self._epoch: str | None = None
        self._known: dict[str, str] = {}

    def epoch(self) -> str:
        """The current epoch, read from the shared cache (never from memory)."""
        epoch = self.cache.get(EPOCH_KEY)
        if epoch is None:
            self.cache.add(EPOCH_KEY, new_token(), timeout=None)
            epoch = self.cache.get(EPOCH_KEY) or new_token()
        return epoch

    def current(self, tags: Iterable[str]) -> tuple[str, dict[str, str]]:
        """The epoch, and the version of each tag as of that epoch."""
        tags = list(tags)
        epoch = self.epoch()
        with self._lock:
            if epoch != self._epoch:
                self._known = {}
                self._epoch = epoch
            missing = [tag for tag in tags if tag not in self._known]
        if missing:
            found = self.cache.get_many([VERSION_PREFIX + tag for tag in missing])
            fresh = {}
            for tag in missing:
                version = found.get(VERSION_PREFIX + tag)
                if version is None:
                    version = new_token()
                    if not self.cache.add(VERSION_PREFIX + tag, version, timeout=None):
                        version = self.cache.get(VERSION_PREFIX + tag) or version
                fresh[tag] = version
            with self._lock:
                if self._epoch == epoch:
                    self._known.update(fresh)
            known = {**self._known, **fresh}
        else:
            known = self._known
        return epoch, {tag: known[tag] for tag in tags}

    def bump(self, tags: Iterable[str]) -> None:
        """Make every response that showed any of ``tags`` stale, in every process."""
        tags = set(tags)
        if not tags:
            return
        self.cache.set_many({VERSION_PREFIX + tag: new_token() for tag in tags}, timeout=None)
        # The epoch last: a process that sees the new epoch also sees the new versions.
        self.cache.set(EPOCH_KEY, new_token(), timeout=None)
