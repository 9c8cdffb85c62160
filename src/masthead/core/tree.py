"""Page-tree lookups that an index can serve.

Wagtail's ``child_of``/``descendant_of`` filter on ``path LIKE 'prefix%'``.
SQLite cannot use an index for that (Django adds an ESCAPE clause and SQLite's
LIKE is case-insensitive), so on a large archive every such lookup scanned the
whole page table: the site menu alone took 76 ms per request at 100,000
articles. A range on the materialised path selects the same pages and is
served by the path's unique index on SQLite and PostgreSQL alike.
"""

from django.db.models import Q
from wagtail.models import Page

# Treebeard's path alphabet is 0-9A-Z, so every descendant path starts with the
# ancestor's path and sorts below the ancestor's path followed by "Z"s.
_PATH_MAX_LENGTH = Page._meta.get_field("path").max_length


def descendants_q(page: Page, depth: int | None = None) -> Q:
    """Pages below ``page``; only those ``depth`` levels down when given (1 = children)."""
    upper = page.path + "Z" * (_PATH_MAX_LENGTH - len(page.path))
    condition = Q(path__gt=page.path, path__lte=upper)
    if depth is not None:
        condition &= Q(depth=page.depth + depth)
    return condition


def children_q(page: Page) -> Q:
    return descendants_q(page, depth=1)
