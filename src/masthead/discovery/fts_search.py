"""Site search on SQLite, straight from the FTS5 table Wagtail's database backend keeps.

Wagtail's SQLite backend scores every matching row with a correlated subquery
that repeats the full-text match, then filters and sorts in SQL: seconds once
matches run into thousands (15 s for three common words on 100,000 stories).
Here SQLite does the work once, inside FTS5:

- the match runs on Wagtail's own index (``wagtailsearch_indexentry_fts``,
  kept by Wagtail's triggers on publish and by ``update_index``), so there is
  nothing more to keep in step;
- ranking is FTS5's ``bm25()`` with column weights, so a word in the headline
  counts as ``HEADLINE_WEIGHT`` words of body text (Wagtail's "body" column
  holds standfirst, summary, body and tags);
- ``ORDER BY rank LIMIT`` lets FTS5 sort its own matches, and the filters
  (live, public, section, author, dates: the queryset every backend gets) are
  checked per row only until enough rows have passed;
- one query fetches the ids of the first ``COUNT_LIMIT`` results (plus one, to
  know whether there are more): it gives the count and every page within it.
  Counting every match of a common word would visit all of them; "more than
  1,000" tells a reader as much, and nobody pages past the hundredth page.

Newest first, a search with at most ``COUNT_LIMIT`` matches is sorted by date
from that same query. With more, sorting every match by date would cost about
7 ms per thousand matches (200 ms for a word in a quarter of 100,000 stories);
instead, stories are walked newest first down the date index, each checked
against the filters and the matched index rows, until the page is full: with
more than a thousand matches, the first pages lie among the newest few hundred
stories.

Only plain words reach ``MATCH``, each quoted as an FTS5 string, so nothing a
reader types is FTS5 syntax.
"""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from masthead.news.models import ArticlePage

# Wagtail's FTS5 table has the columns (autocomplete, body, title), in that order.
HEADLINE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
RANK_FUNCTION = f"bm25(0.0, {BODY_WEIGHT}, {HEADLINE_WEIGHT})"
COUNT_LIMIT = 1_000


def fts_table() -> str:
    """The FTS5 table's name, made as Wagtail's migration makes it (its model is SQLite-only)."""
    return f"{IndexEntry._meta.db_table}_fts"


def fts5_string(term: str) -> str:
    """``term`` as an FTS5 string: in double quotes, any double quote doubled."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms: Sequence[str], operator: str) -> str:
    """An FTS5 query over the headline and body columns: every word, or any word."""
    joiner = " AND " if operator == "and" else " OR "
    return "{title body} : (" + joiner.join(fts5_string(term) for term in terms) + ")"


def newest_first_key(row: tuple) -> tuple:
    """Sort key of an ``(id, first published)`` row, reversed: as SQL's date DESC, id DESC."""
    story_id, published = row
    return (published is not None, published or datetime.min, story_id)


class FtsResults:
    """Stories among ``stories`` matching ``terms``, best (or newest) first.

    Sliceable and countable, so Django's Paginator takes it as it is. The count
    stops at ``COUNT_LIMIT``; ``is_capped`` says whether more stories match.
    """

    def __init__(
        self,
        stories: QuerySet,
        terms: Sequence[str],
        operator: str,
        newest_first: bool,
        published: tuple[datetime | None, datetime | None] = (None, None),
    ):
        self.newest_first = newest_first
        self._published = published  # the date filter's bounds, where the date walk starts and ends
        self.is_capped = False
        self._stories = stories
        self._match = match_expression(terms, operator)
        self._sql, self._params = self._matches(stories, self._match)
        self._first: list[int] | None = None

    @staticmethod
    def _matches(stories: QuerySet, match: str) -> tuple[str, list]:
        """FROM and WHERE of every query here: index rows matching ``match`` among ``stories``.

        Table names are quoted identifiers and the stories' SQL is Django's own;
        every value, the match expression included, is a query parameter.
        """
        quote = connection.ops.quote_name
        fts, entries = quote(fts_table()), quote(IndexEntry._meta.db_table)
        pages = quote(Page._meta.db_table)
        story = stories.filter(pk=RawSQL("page.id", ())).values("pk")
        story_sql, story_params = story.query.sql_with_params()
        sql = (
            f" FROM {fts}"
            f" JOIN {entries} AS entry ON entry.id = {fts}.rowid"
            f" JOIN {pages} AS page ON page.id = CAST(entry.object_id AS INTEGER)"
            f" WHERE {fts} MATCH %s AND {fts}.rank MATCH %s"
            " AND entry.content_type_id = %s"
            f" AND EXISTS ({story_sql})"
        )
        content_type = ContentType.objects.get_for_model(ArticlePage).pk
        return sql, [match, RANK_FUNCTION, content_type, *story_params]

    def _query(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _first_ids(self) -> list[int]:
        """Ids of the first ``COUNT_LIMIT`` results in order, fetched once."""
        if self._first is None:
            limit = [*self._params, COUNT_LIMIT + 1]
            if self.newest_first:
                # Any COUNT_LIMIT + 1 matches, sorted here: wrapped in an outer
                # ORDER BY, SQLite would visit every match before the LIMIT.
                sql = f"SELECT page.id, page.first_published_at{self._sql} LIMIT %s"
                rows = sorted(self._query(sql, limit), key=newest_first_key, reverse=True)
            else:
                fts = connection.ops.quote_name(fts_table())
                rows = self._query(f"SELECT page.id{self._sql} ORDER BY {fts}.rank LIMIT %s", limit)
            self.is_capped = len(rows) > COUNT_LIMIT
            self._first = [row[0] for row in rows[:COUNT_LIMIT]]
        return self._first

    def count(self) -> int:
        """How many stories match, up to ``COUNT_LIMIT``."""
        return len(self._first_ids())

    def __len__(self) -> int:
        return self.count()

    def _newest_ids(self, start: int, stop: int) -> list[int]:
        """Results ``start`` to ``stop`` newest first, walking stories down the date index.

        Only used with more than ``COUNT_LIMIT`` matches among the filtered
        stories, so that a page of them lies among the newest few hundred
        stories: each is checked against the filters and against the set of
        index rows FTS5 matched (built once per query), and the walk stops
        when the page is full.
        """
        quote = connection.ops.quote_name
        fts, entries = quote(fts_table()), quote(IndexEntry._meta.db_table)
        pages = quote(Page._meta.db_table)
        story = self._stories.filter(pk=RawSQL("page.id", ())).values("pk")
        story_sql, story_params = story.query.sql_with_params()
        matched = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608 - see _matches
        # CROSS JOIN keeps the pages (in date order) as SQLite's outer loop;
        # "+entry.id" keeps it from using the IN list as an index key, which
        # would seek once per matched row for every story walked.
        # The date filter is also put on the walk itself, so that it starts at
        # the range's end rather than at today's stories. Dates are stored as
        # UTC text: the bounds are written as Django's ORM writes them.
        after, before = self._published
        bounds = [
            (condition, connection.ops.adapt_datetimefield_value(value))
            for condition, value in (
                ("page.first_published_at >= %s", after),
                ("page.first_published_at < %s", before),
            )
            if value is not None
        ]
        walk = (
            f" FROM {pages} AS page CROSS JOIN {entries} AS entry"
            " ON entry.content_type_id = %s AND entry.object_id = CAST(page.id AS TEXT)"
            f" WHERE +entry.id IN ({matched}) AND EXISTS ({story_sql})"
            + "".join(f" AND {condition}" for condition, _ in bounds)
            + " ORDER BY page.first_published_at DESC, page.id DESC LIMIT %s OFFSET %s"
        )
        content_type = ContentType.objects.get_for_model(ArticlePage).pk
        params = [content_type, self._match, *story_params]
        params += [value for _, value in bounds] + [stop - start, start]
        return [row[0] for row in self._query(f"SELECT page.id{walk}", params)]

    def ids(self, start: int, stop: int) -> list[int]:
        """Page ids of the results ``start`` to ``stop`` (within the first ``COUNT_LIMIT``)."""
        first = self._first_ids()
        if self.newest_first and self.is_capped:
            # The first query stopped at COUNT_LIMIT matches, not at the newest ones.
            return self._newest_ids(start, stop)
        return first[start:stop]

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start = max(key.start or 0, 0)
        stop = min(key.stop if key.stop is not None else COUNT_LIMIT, COUNT_LIMIT)
        ids = self.ids(start, stop) if stop > start else []
        by_id = ArticlePage.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]
