"""Computing and storing every article's "You May Also Like" list.

Two ways in, one set of rules (:mod:`masthead.discovery.ranking`):

- :func:`rebuild_all` computes every list at once (``masthead rebuild-related``);
- :func:`refresh_story` runs in the worker when one story is published, changed
  or unpublished: it recomputes that story's list, the lists that show or pin
  it, and the lists of its closest stories that it now outranks.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from masthead.caching.invalidation import invalidate
from masthead.caching.tags import SITE, related_tag
from masthead.news.models import ArticlePage

from .maintenance import refresh_planner_statistics
from .models import STORED_PER_ARTICLE, RelatedArticle, RelatedExclusion, RelatedPin
from .ranking import StoryFacts, Suggestion, choose, duplicate_groups, pair_scores
from .stories import story_facts, story_words
from .story_index import StoryIndex, build_index, current_index, save_index
from .vectors import all_neighbours

logger = logging.getLogger(__name__)

# Stories compared in full for each list: the closest by text, then ranked by every signal.
CANDIDATES = 48
# How many of a new story's closest stories may have their lists redone at once.
NEIGHBOURS_TO_UPDATE = 16
WRITE_BATCH = 5_000
SCORE_BATCH = 200_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RebuildReport:
    stories: int
    suggestions: int
    vectorise_seconds: float
    neighbours_seconds: float
    rank_seconds: float
    write_seconds: float


def editor_choices(
    story_ids: Iterable[int] | None = None,
) -> tuple[dict[int, list[int]], dict[int, set[int]]]:
    """Pins (in the editor's order) and exclusions, per article."""
    pins_query = RelatedPin.objects.order_by("article_id", "sort_order", "pk")
    exclusions_query = RelatedExclusion.objects.all()
    if story_ids is not None:
        ids = list(story_ids)
        pins_query = pins_query.filter(article_id__in=ids)
        exclusions_query = exclusions_query.filter(article_id__in=ids)
    pins: dict[int, list[int]] = defaultdict(list)
    for article_id, pinned_id in pins_query.values_list("article_id", "pinned_id"):
        pins[article_id].append(pinned_id)
    exclusions: dict[int, set[int]] = defaultdict(set)
    for article_id, excluded_id in exclusions_query.values_list("article_id", "excluded_id"):
        exclusions[article_id].add(excluded_id)
    return pins, exclusions


def store_lists(lists: dict[int, list[Suggestion]], replace_all: bool = False) -> int:
    """Replace the stored lists of the given stories (of every story with ``replace_all``)."""
    rows = [
        RelatedArticle(
            source_id=source_id,
            target_id=suggestion.story_id,
            position=position,
            score=suggestion.score,
            pinned=suggestion.pinned,
        )
        for source_id, suggestions in lists.items()
        for position, suggestion in enumerate(suggestions)
    ]
    with transaction.atomic():
        if replace_all:
            RelatedArticle.objects.all().delete()
        else:
            RelatedArticle.objects.filter(source_id__in=list(lists)).delete()
        RelatedArticle.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        # Every story's block changed on a rebuild: one site-wide invalidation
        # rather than a tag per story.
        invalidate({SITE} if replace_all else {related_tag(source_id) for source_id in lists})
    return len(rows)


# Everything at once ------------------------------------------------------------


def rebuild_all(on_progress: Progress | None = None, method: str = "auto") -> RebuildReport:
    """Recompute and store every live story's list; rewrite the vector file."""

    def step(name: str, total: int) -> Callable[[int], None]:
        return lambda advance: on_progress(name, advance, total) if on_progress else None

    started = time.perf_counter()
    total = ArticlePage.objects.live().count()
    index = build_index(on_progress=step("Reading and vectorising stories", total))
    save_index(index)
    vectorised = time.perf_counter()

    neighbours, cosines = all_neighbours(
        index.matrix, CANDIDATES, step("Finding similar stories", len(index.ids)), method
    )
    found = time.perf_counter()

    facts = story_facts(int(i) for i in index.ids)
    lists = rank_all(index, facts, neighbours, cosines, step("Ranking", len(index.ids)))
    ranked = time.perf_counter()

    written = store_lists(lists, replace_all=True)
    refresh_planner_statistics(full=True)
    done = time.perf_counter()
    return RebuildReport(
        stories=len(index.ids),
        suggestions=written,
        vectorise_seconds=vectorised - started,
        neighbours_seconds=found - vectorised,
        rank_seconds=ranked - found,
        write_seconds=done - ranked,
    )


def rank_all(
    index: StoryIndex,
    facts: StoryFacts,
    neighbours: np.ndarray,
    cosines: np.ndarray,
    on_progress: Callable[[int], None] | None = None,
) -> dict[int, list[Suggestion]]:
    """Every story's list from its text neighbours (rows of the index)."""
    # Index rows and fact rows name the same stories; map in case one went offline meanwhile.
    to_fact = np.array([facts.row_of.get(int(i), -1) for i in index.ids], dtype=np.int64)
    width = neighbours.shape[1]
    left = to_fact[np.repeat(np.arange(len(index.ids)), width)]
    right = to_fact[neighbours.ravel()] if width else np.zeros(0, dtype=np.int64)
    pair_cosine = cosines.ravel()
    usable = (left >= 0) & (right >= 0)
    left, right, pair_cosine = left[usable], right[usable], pair_cosine[usable]
    scores = np.concatenate(
        [np.zeros(0)]
        + [
            pair_scores(
                facts,
                left[start : start + SCORE_BATCH],
                right[start : start + SCORE_BATCH],
                pair_cosine[start : start + SCORE_BATCH],
            )
            for start in range(0, len(left), SCORE_BATCH)
        ]
    )
    groups = duplicate_groups(facts, left, right, pair_cosine)
    pins, exclusions = editor_choices()
    boundaries = np.searchsorted(left, np.arange(len(facts.ids) + 1))
    lists: dict[int, list[Suggestion]] = {}
    for row, story_id in enumerate(facts.ids):
        start, end = boundaries[row], boundaries[row + 1]
        story_id = int(story_id)
        lists[story_id] = choose(
            row,
            right[start:end],
            scores[start:end],
            facts,
            groups,
            pinned_ids=pins.get(story_id, ()),
            excluded_ids=exclusions.get(story_id, ()),
            size=STORED_PER_ARTICLE,
        )
        if on_progress and (row + 1) % 1000 == 0:
            on_progress(1000)
    return lists


# One story at a time -------------------------------------------------------------


def compute_lists(story_ids: list[int], index: StoryIndex) -> dict[int, list[Suggestion] | None]:
    """Several stories' lists from the current index (None for a story that is not live).

    One sparse product gives every story's similarity to the whole archive, and
    one batch of queries the facts of all their candidates.
    """
    present = [(i, index.row_of[i]) for i in dict.fromkeys(story_ids) if i in index.row_of]
    lists: dict[int, list[Suggestion] | None] = dict.fromkeys(story_ids)
    if not present:
        return lists
    own_rows = np.array([row for _, row in present])
    similarities = (index.matrix @ index.matrix[own_rows].T).toarray()
    similarities[own_rows, np.arange(len(present))] = -np.inf
    count = min(CANDIDATES, len(index.ids) - 1)
    if count > 0:
        picked = np.argpartition(-similarities, count - 1, axis=0)[:count]
    else:
        picked = np.zeros((0, len(present)), dtype=np.int64)
    pins, exclusions = editor_choices([i for i, _ in present])
    candidates = {
        story_id: [int(index.ids[r]) for r in picked[:, column]]
        for column, (story_id, _) in enumerate(present)
    }
    wanted = [i for i, _ in present]
    for story_id, _ in present:
        wanted += candidates[story_id] + pins.get(story_id, [])
    facts = story_facts(wanted)

    # Text similarity among each story and its candidates, to spot duplicates among them too.
    edges_left, edges_right, edges_cosine = [], [], []
    for story_id, _ in present:
        members = facts.rows([story_id, *candidates[story_id]])
        index_rows = [index.row_of[int(facts.ids[r])] for r in members]
        block = (index.matrix[index_rows] @ index.matrix[index_rows].T).toarray()
        left, right = np.triu_indices(len(members), k=1)
        edges_left.append(members[left])
        edges_right.append(members[right])
        edges_cosine.append(block[left, right])
    groups = duplicate_groups(
        facts,
        np.concatenate(edges_left),
        np.concatenate(edges_right),
        np.concatenate(edges_cosine),
    )
    for column, (story_id, _) in enumerate(present):
        if story_id not in facts.row_of:
            continue
        source = facts.row_of[story_id]
        rows = facts.rows(candidates[story_id])
        cosines = similarities[[index.row_of[int(facts.ids[r])] for r in rows], column]
        scores = pair_scores(facts, np.full(len(rows), source), rows, cosines)
        lists[story_id] = choose(
            source,
            rows,
            scores,
            facts,
            groups,
            pinned_ids=pins.get(story_id, ()),
            excluded_ids=exclusions.get(story_id, ()),
            size=STORED_PER_ARTICLE,
        )
    return lists


def lists_it_now_belongs_in(story_id: int, suggestions: list[Suggestion]) -> set[int]:
    """Stories whose lists ``story_id`` outranks (scores are symmetric, see ranking)."""
    closest = [s for s in suggestions if not s.pinned][:NEIGHBOURS_TO_UPDATE]
    if not closest:
        return set()
    weakest: dict[int, tuple[int, float]] = {}
    for source_id, score in RelatedArticle.objects.filter(
        source_id__in=[s.story_id for s in closest], pinned=False
    ).values_list("source_id", "score"):
        count, lowest = weakest.get(source_id, (0, np.inf))
        weakest[source_id] = (count + 1, min(lowest, score))
    affected = set()
    for suggestion in closest:
        count, lowest = weakest.get(suggestion.story_id, (0, np.inf))
        if count < STORED_PER_ARTICLE or suggestion.score > lowest:
            affected.add(suggestion.story_id)
    return affected


def refresh_story(story_id: int) -> list[int]:
    """Bring the vector file and every list that ``story_id`` touches up to date.

    Returns the ids of the stories whose lists were recomputed.
    """
    index = current_index()
    is_live = ArticlePage.objects.live().filter(pk=story_id).exists()
    if is_live:
        words = [terms for _, terms in story_words([story_id])]
        index.put(story_id, index.model.transform(words))
    else:
        index.remove(story_id)
    save_index(index)

    affected = set(
        RelatedArticle.objects.filter(target_id=story_id).values_list("source_id", flat=True)
    )
    affected |= set(
        RelatedPin.objects.filter(pinned_id=story_id).values_list("article_id", flat=True)
    )
    lists: dict[int, list[Suggestion]] = {}
    if is_live:
        own = compute_lists([story_id], index)[story_id]
        if own is not None:
            lists[story_id] = own
            affected |= lists_it_now_belongs_in(story_id, own)
    affected.discard(story_id)
    for other_id, suggestions in compute_lists(sorted(affected), index).items():
        lists[other_id] = suggestions or []
    store_lists(lists)
    if not is_live:
        RelatedArticle.objects.filter(source_id=story_id).delete()
    refresh_planner_statistics()
    return sorted(lists)
