"""Site search: what a reader typed, made safe, run by the fastest path for the database.

Whatever runs the search sees only plain words: letters and digits of any
script. Quotes, stars, brackets, minus signs and the like are full-text syntax
in some backends and mean nothing to readers, so they are dropped here rather
than escaped per backend. Every word must match; when no story has them all,
stories with any of them are shown instead, and the page says so.

Which path runs is decided here and nowhere else (``search_stories``):

- Wagtail's database backend on SQLite: our own query over Wagtail's FTS5 table
  (``fts_search``), because Wagtail's SQLite backend re-scores every match and
  takes seconds on large archives;
- anything else (PostgreSQL, Elasticsearch, OpenSearch): Wagtail's search API
  (``wagtail_search``).

Both take the same filtered queryset of live, public stories and give results
that Django's Paginator can slice and count.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from masthead.core.editions import in_served_edition, is_multilingual
from masthead.news.models import ArticleAuthor, ArticlePage, AuthorPage, SectionPage

from .fts_search import FtsResults
from .wagtail_search import backend_results

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+")


@dataclass
class CleanQuery:
    """The words searched for, and what was left out of what the reader typed."""

    terms: list[str]
    shortened: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.terms)


def clean_query(raw: str) -> CleanQuery:
    """Plain words from ``raw``: at most ``MAX_TERMS`` of them from its first characters."""
    raw = raw or ""
    shortened = len(raw) > MAX_QUERY_CHARS
    words = _WORD.findall(raw[:MAX_QUERY_CHARS])
    if len(words) > MAX_TERMS:
        words, shortened = words[:MAX_TERMS], True
    return CleanQuery(terms=words, shortened=shortened)


@dataclass
class SearchFilters:
    section: SectionPage | None = None
    author: AuthorPage | None = None
    date_from: date | None = None
    date_to: date | None = None
    newest_first: bool = False
    extra: dict = field(default_factory=dict)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def published_range(filters: SearchFilters) -> tuple[datetime | None, datetime | None]:
    """First publication from (inclusive) and until (exclusive) that the date filters allow."""
    after = _start_of(filters.date_from) if filters.date_from else None
    before = _start_of(filters.date_to) + timedelta(days=1) if filters.date_to else None
    return after, before


def public_stories() -> QuerySet:
    """Live articles outside every section closed by a view restriction: Wagtail's ``public()``.

    Wagtail's own ``public()`` joins the restrictions to the page tree to find
    the closed sections. On SQLite, a site with no restrictions has no planner
    statistics for that table, and the join then scans every page: 10 to 30 ms
    on 100,000 stories, on every search. Reading the restricted pages by the
    ids the restrictions hold costs a fraction of a millisecond.
    """
    stories = ArticlePage.objects.live()
    restricted = Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id"))
    private = Q()
    for page in restricted.only("path", "depth"):
        private |= stories.descendant_of_q(page, inclusive=True)
    return stories.exclude(private) if private else stories


def filtered_stories(filters: SearchFilters) -> QuerySet:
    """Live, public articles narrowed by the filters, before any words are matched.

    Only fields the search index declares filterable are used (path, id,
    first_published_at, locale), so the same filters work on every backend:
    with editions, the stories of the address's edition (``/hy/search/``
    searches the Armenian ones), FTS5 on SQLite and Wagtail's backends alike.
    """
    stories = public_stories().filter(in_served_edition())
    if filters.section is not None:
        stories = stories.descendant_of(filters.section)
    if filters.author is not None:
        credits = Q(author=filters.author)
        if is_multilingual():
            # A translation keeps its original's byline: any version of the profile.
            credits = Q(author__translation_key=filters.author.translation_key)
        credited = ArticleAuthor.objects.filter(credits).values_list("article_id", flat=True)
        stories = stories.filter(pk__in=list(credited))
    after, before = published_range(filters)
    if after:
        stories = stories.filter(first_published_at__gte=after)
    if before:
        stories = stories.filter(first_published_at__lt=before)
    return stories


@dataclass
class SearchOutcome:
    results: object  # sliceable and countable
    any_word: bool  # True when no story had every word and any one was enough

    @property
    def more_than_counted(self) -> bool:
        """True when the count stopped at a limit and more stories match (after counting)."""
        return bool(getattr(self.results, "is_capped", False))


def uses_sqlite_fts() -> bool:
    """True when Wagtail searches with its SQLite FTS5 backend, whose table ``FtsResults`` reads."""
    if connection.vendor != "sqlite":
        return False
    # Imported here: the module needs Wagtail's SQLite-only models.
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(get_search_backend(), SQLiteSearchBackend)


def _run(stories: QuerySet, query: CleanQuery, operator: str, filters: SearchFilters):
    if uses_sqlite_fts():
        return FtsResults(
            stories, query.terms, operator, filters.newest_first, published_range(filters)
        )
    return backend_results(stories, query.terms, operator, filters.newest_first)


def search_stories(query: CleanQuery, filters: SearchFilters) -> SearchOutcome:
    """Matching stories, most relevant (or newest) first; none when there are no words."""
    if not query.terms:
        return SearchOutcome(results=ArticlePage.objects.none(), any_word=False)
    stories = filtered_stories(filters)
    results = _run(stories, query, "and", filters)
    if len(query.terms) > 1 and results.count() == 0:
        return SearchOutcome(_run(stories, query, "or", filters), any_word=True)
    return SearchOutcome(results=results, any_word=False)
