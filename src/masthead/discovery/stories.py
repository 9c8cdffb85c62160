"""Reading live stories from the database in bulk: their words and their facts.

Both read raw column values rather than page objects: a rebuild reads 100,000
stories, and building Wagtail pages (and their StreamField blocks) for each
would cost minutes.
"""

from collections.abc import Iterable, Iterator

import numpy as np
from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import Page

from masthead.news.body_text import body_text
from masthead.news.models import ArticleAuthor, ArticlePage, ArticleTag

from .ranking import StoryFacts, membership_matrix, title_key
from .text import story_terms

READ_BATCH = 2_000


def live_story_ids() -> list[int]:
    """Every live article, oldest page first (a stable order for the index)."""
    return list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))


def story_words(story_ids: Iterable[int]) -> Iterator[tuple[int, list[str]]]:
    """``(id, words)`` of each given article that exists, in batches."""
    ids = list(story_ids)
    for start in range(0, len(ids), READ_BATCH):
        batch = ids[start : start + READ_BATCH]
        rows = (
            ArticlePage.objects.filter(pk__in=batch)
            .annotate(body_json=Cast("body", TextField()))
            .values_list("pk", "title", "standfirst", "body_json")
        )
        found = {pk: (title, standfirst, body) for pk, title, standfirst, body in rows}
        for pk in batch:
            if pk in found:
                title, standfirst, body = found[pk]
                yield pk, story_terms(title, standfirst, body_text(body))


def story_facts(story_ids: Iterable[int]) -> StoryFacts:
    """Section, date, headline, tags, authors and locale of the given articles that are live."""
    wanted = list(dict.fromkeys(story_ids))
    rows: list[tuple[int, str, object, str, int]] = []
    for start in range(0, len(wanted), READ_BATCH):
        batch = wanted[start : start + READ_BATCH]
        rows.extend(
            ArticlePage.objects.live()
            .filter(pk__in=batch)
            .values_list("pk", "path", "first_published_at", "title", "locale_id")
        )
    order = {story_id: position for position, story_id in enumerate(wanted)}
    rows.sort(key=lambda row: order[row[0]])
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    row_of = {int(story_id): row for row, story_id in enumerate(ids)}
    section_codes: dict[str, int] = {}
    sections = np.array(
        [section_codes.setdefault(row[1][: -Page.steplen], len(section_codes)) for row in rows],
        dtype=np.int64,
    )
    published = np.array(
        [row[2].timestamp() if row[2] else np.nan for row in rows], dtype=np.float64
    )
    tags, authors = [], []
    for start in range(0, len(ids), READ_BATCH):
        batch = [int(i) for i in ids[start : start + READ_BATCH]]
        tags.extend(
            ArticleTag.objects.filter(content_object_id__in=batch).values_list(
                "content_object_id", "tag_id"
            )
        )
        authors.extend(
            ArticleAuthor.objects.filter(article_id__in=batch).values_list(
                "article_id", "author_id"
            )
        )
    return StoryFacts(
        ids=ids,
        sections=sections,
        published=published,
        title_keys=[title_key(row[3]) for row in rows],
        tags=membership_matrix(len(ids), tags, row_of),
        authors=membership_matrix(len(ids), authors, row_of),
        locales=np.array([row[4] for row in rows], dtype=np.int64),
    )
