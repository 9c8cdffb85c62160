"""Loading a labelled news corpus into a scratch database, for ``evaluate-discovery``.

The stories go through the same bulk writer as ``generate-corpus``, so the rows
are exactly what that command writes; it lives in the demo app because the
production apps must not depend on the demo's bulk writer.
"""

import random
import types
from collections.abc import Sequence

from django.utils import timezone

from masthead.discovery.evaluation import LabelledStory
from masthead.news.authoring import add_section, ensure_news_site
from masthead.news.models import ArticlePage

from .corpus import ArticleDraft, ArticleWriter, SectionPlacement, body_blocks, stored_summary


def write_stories(stories: Sequence[LabelledStory], batch_size: int = 2_000) -> list[int]:
    """Add the stories to one section of this (scratch) database, in bulk; their page ids.

    Uses the synthetic-corpus writer, so the rows are exactly what
    ``generate-corpus`` writes. Every story goes into one section: sections
    named after labels would hand the ranking the answer.
    """
    home = ensure_news_site("Discovery evaluation")
    section = add_section(home, "Evaluation", intro="Stories loaded by evaluate-discovery.")
    placement = SectionPlacement.for_section(section)
    # The writer only draws random numbers when it makes up stories; these are given.
    writer = ArticleWriter(types.SimpleNamespace(random=random.Random(0)), [placement], [], [])
    loaded_at = timezone.now()
    paths = []
    for start in range(0, len(stories), batch_size):
        drafts = []
        for story in stories[start : start + batch_size]:
            paragraphs = [p.strip() for p in story.body.split("\n") if p.strip()]
            blocks = body_blocks(paragraphs)
            path, slug, url_path = placement.place(story.title)
            published = story.published or loaded_at
            drafts.append(
                ArticleDraft(
                    placement=placement,
                    path=path,
                    slug=slug,
                    url_path=url_path,
                    title=story.title,
                    fields={"body": blocks, "summary": stored_summary(blocks)},
                    published=published,
                    updated=published,
                    author_ids=[],
                    tag_ids=[],
                )
            )
            paths.append(path)
        writer.write(drafts)
    by_path = dict(ArticlePage.objects.filter(path__in=paths).values_list("path", "pk"))
    return [by_path[path] for path in paths]
