"""Site search through Wagtail's search API: PostgreSQL, Elasticsearch and OpenSearch.

These backends rank and filter well on their own, so this path only asks them.
Headlines weigh more than body text: the search fields boost the title, which
Elasticsearch and OpenSearch honour; PostgreSQL gives the title the same weight
class as the standfirst and tags, so the best ``HEADLINE_WINDOW`` results are
re-ranked here, stories whose headline holds more of the searched words first,
the backend's order breaking ties. Deeper pages keep the backend's order.
(SQLite has its own path, ``fts_search``, that weighs headlines in FTS5.)
"""

import re
from collections.abc import Sequence

from django.db.models import QuerySet

from masthead.news.models import ArticlePage

HEADLINE_WINDOW = 100
_WORD = re.compile(r"[^\W_]+")


def headline_share(title: str, terms: Sequence[str]) -> float:
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

    is_capped = False  # the backend counts every match

    def __init__(self, stories: QuerySet, text: str, operator: str, terms: Sequence[str]):
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


def backend_results(stories: QuerySet, terms: Sequence[str], operator: str, newest_first: bool):
    """Stories matching ``terms`` through Wagtail's configured backend: sliceable, countable."""
    text = " ".join(terms)
    if newest_first:
        return stories.order_by("-first_published_at", "-id").search(
            text, operator=operator, order_by_relevance=False
        )
    return HeadlineFirstResults(stories, text, operator, terms)
