"""Making cached pages stale, once the change that made them so is committed.

Which tags of :mod:`masthead.caching.tags` a change touches is decided by the
app that owns the data (``news.cache_rules`` for stories, ``comments.cache_rules``
for comments, ``discovery.related`` for related lists); this module only bumps
them. Nothing is invalidated before the database transaction commits, so no
process can cache the old content again in between.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from . import frontend
from .middleware import tag_versions

logger = logging.getLogger(__name__)


def invalidate(tags: Iterable[str]) -> None:
    """Make ``tags`` stale everywhere once the current transaction commits.

    The shared caches in front (nginx, a CDN) are purged of the URLs that
    showed them, worked out by :mod:`.frontend`.
    """
    tags = set(tags)
    if not tags:
        return

    def apply() -> None:
        try:
            tag_versions().bump(tags)
        except Exception:
            # The cache is down: nothing cached can be served either.
            logger.exception("Could not invalidate cached pages for %s", sorted(tags))
        frontend.purge_tags(tags)

    transaction.on_commit(apply, robust=True)
