"""Keeping SQLite's query planner informed after discovery writes many rows.

SQLite gathers no table statistics by itself. Without them it plans Wagtail's
full-text search query (an FTS5 match joined to the index table and the page
tables) badly: a search over 1,500 stories took over a second, and 20 ms after
``ANALYZE``. PostgreSQL's autovacuum does this on its own.
"""

from django.db import connection


def refresh_planner_statistics(full: bool = False) -> None:
    """``ANALYZE`` (``full``) or the cheap ``PRAGMA optimize`` on SQLite; nothing elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if full else "PRAGMA optimize")
