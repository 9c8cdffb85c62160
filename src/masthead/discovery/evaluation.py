"""Measuring discovery on a labelled corpus: related-story precision and search quality.

Used by ``masthead evaluate-discovery`` (on a scratch database it fills from a
file) and by ``bench/discovery.py`` (on a generated archive).

- precision@4: for every story, the share of its first four suggestions that
  carry the story's own label;
- known-item search: for a sample of stories, search for the headline, and for
  three of the body's rarest words; recall@10 is the share of searches that
  list the story in the first ten results, MRR the mean of 1/rank (0 beyond ten);
  latencies are wall times of the search function the page calls.
"""

import csv
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from masthead.news.body_text import body_text

from .models import RelatedArticle
from .search import SearchFilters, clean_query, search_stories
from .text import tokens

REQUIRED_COLUMNS = ("title", "body", "label")
RARE_WORDS_PER_QUERY = 3
TOP_RESULTS = 10


class CorpusError(ValueError):
    """The corpus file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class LabelledStory:
    title: str
    body: str
    label: str
    published: datetime | None


def _parse_date(value: str, where: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError as error:
        raise CorpusError(f"{where}: date {value!r} is not YYYY-MM-DD.") from error
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _story(record: dict, where: str) -> LabelledStory | None:
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: expected an object with title, body and label.")
    missing = [name for name in REQUIRED_COLUMNS if name not in record]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}.")
    title, body, label = (str(record[name] or "").strip() for name in REQUIRED_COLUMNS)
    if not title or not body or not label:
        return None  # an empty row says nothing; skipped and counted
    return LabelledStory(title[:255], body, label, _parse_date(str(record.get("date", "")), where))


def read_corpus(path: Path) -> tuple[list[LabelledStory], int]:
    """Stories from a CSV (with a header row) or JSONL file, and how many rows were skipped."""
    if not path.is_file():
        raise CorpusError(f"{path}: no such file.")
    stories: list[LabelledStory] = []
    skipped = 0
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as error:
                        raise CorpusError(
                            f"{path}, line {number}: not JSON ({error.msg})."
                        ) from error
                    story = _story(record, f"{path}, line {number}")
                    stories.append(story) if story else None
                    skipped += story is None
            elif path.suffix.lower() in {".csv", ".tsv"}:
                csv.field_size_limit(10_000_000)
                dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
                reader = csv.DictReader(handle, dialect=dialect)
                if not reader.fieldnames or not set(REQUIRED_COLUMNS) <= set(reader.fieldnames):
                    raise CorpusError(
                        f"{path}: the header must name the columns title, body and label."
                    )
                for number, row in enumerate(reader, start=2):
                    story = _story(row, f"{path}, line {number}")
                    stories.append(story) if story else None
                    skipped += story is None
            else:
                raise CorpusError(f"{path}: give a .csv, .tsv or .jsonl file.")
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not UTF-8 text.") from error
    if len(stories) < 2:
        raise CorpusError(f"{path}: needs at least two stories with title, body and label.")
    return stories, skipped


def related_precision(labels: dict[int, str], top: int = 4) -> tuple[float, int]:
    """Mean share of each story's first ``top`` suggestions that share its label."""
    shown: dict[int, list[int]] = {}
    for source_id, target_id in RelatedArticle.objects.order_by(
        "source_id", "position"
    ).values_list("source_id", "target_id"):
        shown.setdefault(source_id, []).append(target_id)
    scores = []
    for story_id, label in labels.items():
        targets = shown.get(story_id, [])[:top]
        if targets:
            scores.append(sum(labels.get(t) == label for t in targets) / len(targets))
    return (sum(scores) / len(scores) if scores else 0.0), len(scores)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] if ordered else 0.0


@dataclass(frozen=True)
class SearchScores:
    kind: str
    queries: int
    recall_at_10: float
    mrr: float
    p50_ms: float
    p95_ms: float


def rare_words(text: str, document_frequency: Callable[[str], float]) -> list[str]:
    """The body's ``RARE_WORDS_PER_QUERY`` rarest words (letters only, 4+ characters)."""
    words = dict.fromkeys(w for w in tokens(text) if w.isalpha() and len(w) >= 4)
    ranked = sorted(words, key=lambda word: (document_frequency(word), word))
    return ranked[:RARE_WORDS_PER_QUERY]


def known_item_queries(
    sample_ids: Sequence[int], document_frequency: Callable[[str], float]
) -> dict[str, list[tuple[int, str]]]:
    """Per kind of query, ``(story id, query)`` for each sampled story."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from masthead.news.models import ArticlePage

    rows = (
        ArticlePage.objects.filter(pk__in=sample_ids)
        .annotate(body_json=Cast("body", TextField()))
        .values_list("pk", "title", "body_json")
    )
    headline, rare = [], []
    for story_id, title, body in rows:
        headline.append((story_id, title))
        words = rare_words(body_text(body), document_frequency)
        if words:
            rare.append((story_id, " ".join(words)))
    return {"headline": headline, "three rare body words": rare}


def search_scores(kind: str, queries: Sequence[tuple[int, str]]) -> SearchScores:
    hits, reciprocal, times = 0, 0.0, []
    for story_id, text in queries:
        started = time.perf_counter()
        outcome = search_stories(clean_query(text), SearchFilters())
        found = [story.pk for story in outcome.results[:TOP_RESULTS]]
        times.append((time.perf_counter() - started) * 1000)
        if story_id in found:
            hits += 1
            reciprocal += 1 / (found.index(story_id) + 1)
    count = max(len(queries), 1)
    return SearchScores(
        kind=kind,
        queries=len(queries),
        recall_at_10=hits / count,
        mrr=reciprocal / count,
        p50_ms=percentile(times, 0.5),
        p95_ms=percentile(times, 0.95),
    )


def evaluate_search(
    story_ids: Sequence[int], sample_size: int, seed: int = 1
) -> list[SearchScores]:
    """Known-item search scores for a seeded sample of ``story_ids``."""
    from .story_index import current_index

    index = current_index()
    idf = dict(zip(index.model.terms, index.model.idf.tolist(), strict=True))
    sample = random.Random(seed).sample(list(story_ids), min(sample_size, len(story_ids)))
    # Rarest = highest inverse document frequency; unknown words count as rarest of all.
    queries = known_item_queries(sample, lambda word: -idf.get(word, 1e9))
    return [search_scores(kind, pairs) for kind, pairs in queries.items()]
