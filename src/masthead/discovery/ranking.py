"""How related stories are ranked: text first, then tags, section, authors and time.

A candidate's score under a story is

    TEXT * cosine(headline and body) + TAGS * shared-tag share (Jaccard)
    + SECTION * same section + AUTHORS * shares a byline + TIME * closeness in time

where closeness in time halves every ``TIME_HALF_LIFE_DAYS`` between the two
publication dates. Every term is symmetric, so a story's score under another is
its score the other way round; the worker uses that to find which lists a newly
published story belongs in. Closeness is measured between the two stories, not
from today, so that a stored list does not go stale as days pass; a new story's
neighbours in time are the latest ones.

Weights were set on the labelled evaluation corpus (docs/discovery.md): text
carries the ranking; the others break near-ties and fill the block on new sites
where few stories share words.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from masthead.core.text import plain_text

TEXT_WEIGHT = 1.0
TAGS_WEIGHT = 0.3
SECTION_WEIGHT = 0.06
AUTHORS_WEIGHT = 0.04
TIME_WEIGHT = 0.08
TIME_HALF_LIFE_DAYS = 30
# Two stories this similar are one story told twice (republished, lightly edited).
DUPLICATE_COSINE = 0.9
SECONDS_PER_DAY = 86_400


@dataclass
class StoryFacts:
    """What ranking needs to know about a set of live stories, one row each."""

    ids: np.ndarray
    sections: np.ndarray
    published: np.ndarray
    title_keys: list[str]
    tags: sparse.csr_matrix
    authors: sparse.csr_matrix
    # Each story's locale: a list offers stories of its own edition only (all alike with
    # one language). None when the caller does not know, as for facts built by hand.
    locales: np.ndarray | None = None
    row_of: dict[int, int] = field(init=False)

    def same_edition(self, row: int, other: int) -> bool:
        return self.locales is None or self.locales[row] == self.locales[other]

    def __post_init__(self):
        self.row_of = {int(story_id): row for row, story_id in enumerate(self.ids)}

    def rows(self, story_ids: Iterable[int]) -> np.ndarray:
        """Rows of the given stories, skipping those not in this set."""
        return np.array([self.row_of[i] for i in story_ids if i in self.row_of], dtype=np.int64)


def title_key(title: str) -> str:
    """A headline reduced to its words, to spot the same story under two addresses."""
    return " ".join(
        "".join(c for c in plain_text(title).lower() if c.isalnum() or c == " ").split()
    )


def membership_matrix(
    row_count: int, pairs: Iterable[tuple[int, int]], row_of: dict[int, int]
) -> sparse.csr_matrix:
    """A 0/1 matrix with a row per story and a column per tag (or author)."""
    rows, columns = [], []
    for story_id, member_id in pairs:
        row = row_of.get(story_id)
        if row is not None:
            rows.append(row)
            columns.append(member_id)
    width = (max(columns) + 1) if columns else 1
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(row_count, width)
    )
    matrix.data[:] = 1  # the same tag twice is still one tag
    return matrix


def _shared(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return matrix[left].multiply(matrix[right]).sum(axis=1).A1


def pair_scores(
    facts: StoryFacts, left: np.ndarray, right: np.ndarray, cosines: np.ndarray
) -> np.ndarray:
    """The score of each pair of stories ``(left[k], right[k])`` (rows of ``facts``)."""
    if len(left) == 0:
        return np.zeros(0)
    shared_tags = _shared(facts.tags, left, right)
    tag_counts = facts.tags.getnnz(axis=1)
    union = tag_counts[left] + tag_counts[right] - shared_tags
    jaccard = np.divide(shared_tags, union, out=np.zeros(len(left)), where=union > 0)
    same_section = (facts.sections[left] == facts.sections[right]).astype(float)
    shares_byline = (_shared(facts.authors, left, right) > 0).astype(float)
    days_apart = np.abs(facts.published[left] - facts.published[right]) / SECONDS_PER_DAY
    closeness = np.where(np.isnan(days_apart), 0.0, 0.5 ** (days_apart / TIME_HALF_LIFE_DAYS))
    return (
        TEXT_WEIGHT * cosines
        + TAGS_WEIGHT * jaccard
        + SECTION_WEIGHT * same_section
        + AUTHORS_WEIGHT * shares_byline
        + TIME_WEIGHT * closeness
    )


def duplicate_groups(
    facts: StoryFacts, left: np.ndarray, right: np.ndarray, cosines: np.ndarray
) -> np.ndarray:
    """A group number per row: stories with the same headline or near-identical text share one."""
    size = len(facts.ids)
    close = cosines >= DUPLICATE_COSINE
    edges_left, edges_right = list(left[close]), list(right[close])
    first_with_title: dict[str, int] = {}
    for row, key in enumerate(facts.title_keys):
        if not key:
            continue
        first = first_with_title.setdefault(key, row)
        if first != row:
            edges_left.append(first)
            edges_right.append(row)
    graph = sparse.csr_matrix(
        (np.ones(len(edges_left)), (edges_left, edges_right)), shape=(size, size)
    )
    _, groups = connected_components(graph, directed=False)
    return groups


@dataclass(frozen=True)
class Suggestion:
    story_id: int
    score: float
    pinned: bool = False


def choose(
    source_row: int,
    candidate_rows: Sequence[int],
    scores: Sequence[float],
    facts: StoryFacts,
    groups: np.ndarray,
    *,
    pinned_ids: Sequence[int] = (),
    excluded_ids: Iterable[int] = (),
    size: int,
) -> list[Suggestion]:
    """The stored list for one story: live pins in the editor's order, then the best others.

    Never the story itself, never an excluded story, never one of another
    edition (a pin included: readers of an edition read its language), and one
    story of each duplicate group (the story's own group included).
    """
    excluded = set(excluded_ids)
    source_id = int(facts.ids[source_row])
    taken_groups = {groups[source_row]}
    chosen: list[Suggestion] = []
    taken_ids = {source_id}
    for story_id in pinned_ids:
        row = facts.row_of.get(story_id)
        if row is None or story_id in taken_ids or len(chosen) >= size:
            continue
        if not facts.same_edition(source_row, row):
            continue
        chosen.append(Suggestion(story_id, 0.0, pinned=True))
        taken_ids.add(story_id)
        taken_groups.add(groups[row])
    ranked = sorted(zip(scores, candidate_rows, strict=True), key=lambda pair: -pair[0])
    for score, row in ranked:
        if len(chosen) >= size:
            break
        story_id = int(facts.ids[row])
        if story_id in taken_ids or story_id in excluded or groups[row] in taken_groups:
            continue
        if not facts.same_edition(source_row, row):
            continue
        chosen.append(Suggestion(story_id, float(score)))
        taken_ids.add(story_id)
        taken_groups.add(groups[row])
    return chosen
