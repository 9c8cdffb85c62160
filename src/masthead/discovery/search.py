"""Site search: what a reader typed, made safe, run through Wagtail's search backend.

Whatever backend is configured (the database's own full-text search by
default, Elasticsearch or OpenSearch for large archives) sees only plain words:
letters and digits of any script. Quotes, stars, brackets, minus signs and the
like are full-text syntax in some backends and mean nothing to readers, so they
are dropped here rather than escaped per backend. Every word must match; when
no story has them all, stories with any of them are shown instead, and the
page says so.

Headlines weigh more than body text. Wagtail's search fields declare the
title boost, and Elasticsearch honours it, but the SQLite backend ranks with
one BM25 over all columns; so the best ``HEADLINE_WINDOW`` results are re-ranked
here, stories whose headline holds more of the searched words first, the
backend's order breaking ties. Deeper pages keep the backend's order.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from masthead.news.models import ArticleAuthor, ArticlePage, AuthorPage, SectionPage

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
HEADLINE_WINDOW = 100
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


def filtered_stories(filters: SearchFilters) -> QuerySet:
    """Live, public articles narrowed by the filters, before any words are matched.

    Only fields the search index declares filterable are used (path, id,
    first_published_at), so the same filters work on every backend.
    """
    stories = ArticlePage.objects.live().public()
    if filters.section is not None:
        stories = stories.descendant_of(filters.section)
    if filters.author is not None:
        credited = ArticleAuthor.objects.filter(author=filters.author).values_list(
            "article_id", flat=True
        )
        stories = stories.filter(pk__in=list(credited))
    if filters.date_from:
        stories = stories.filter(first_published_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        stories = stories.filter(
            first_published_at__lt=_start_of(filters.date_to) + timezone.timedelta(days=1)
        )
    return stories


def headline_share(title: str, terms: list[str]) -> float:
    """Share of the searched words that start a word of the headline."""
    words = [word.lower() for word in _WORD.findall(title)]
    wanted = {term.lower() for term in terms}
    if not wanted:
        return 0.0
    return sum(any(word.startswith(t) for word in words) for t in wanted) / len(wanted)


class HeadlineFirstResults:
    """Search results whose first ``HEADLINE_WINDOW`` are re-ranked by headline matches.

    Sliceable and countable, so Django's Paginator takes it as it is.
    """

    def __init__(self, stories: QuerySet, text: str, operator: str, terms: list[str]):
        self.results = stories.search(text, operator=operator)
        window = stories.only("pk", "title").search(text, operator=operator)[:HEADLINE_WINDOW]
        ranked = sorted(
            enumerate(window), key=lambda item: (-headline_share(item[1].title, terms), item[0])
        )
        self.window_ids = [story.pk for _, story in ranked]
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            # A window that is not full holds every result: no second query needed.
            full = len(self.window_ids) >= HEADLINE_WINDOW
            self._count = self.results.count() if full else len(self.window_ids)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        window_holds_all = len(self.window_ids) < HEADLINE_WINDOW
        if stop <= len(self.window_ids) or window_holds_all:
            ids = self.window_ids[start:stop]
            by_id = ArticlePage.objects.in_bulk(ids)
            return [by_id[pk] for pk in ids if pk in by_id]
        return list(self.results[start:stop])


@dataclass
class SearchOutcome:
    results: object  # sliceable and countable
    any_word: bool  # True when no story had every word and any one was enough


def _run(stories: QuerySet, query: CleanQuery, operator: str, newest_first: bool):
    if newest_first:
        return stories.order_by("-first_published_at", "-id").search(
            query.text, operator=operator, order_by_relevance=False
        )
    return HeadlineFirstResults(stories, query.text, operator, query.terms)


def search_stories(query: CleanQuery, filters: SearchFilters) -> SearchOutcome:
    """Matching stories, most relevant (or newest) first."""
    stories = filtered_stories(filters)
    results = _run(stories, query, "and", filters.newest_first)
    if len(query.terms) > 1 and results.count() == 0:
        return SearchOutcome(_run(stories, query, "or", filters.newest_first), any_word=True)
    return SearchOutcome(results=results, any_word=False)
