"""For the cache in front: the stories whose "You May Also Like" shows a changed story."""

import re

from wagtail.models import Page

from masthead.caching.frontend import Shown, register_address_source

from .models import RelatedArticle

STORY_TAG = re.compile(r"^page-(\d+)$")


def stories_listing(tag: str) -> Shown | None:
    match = STORY_TAG.match(tag)
    if match is None:
        return None
    sources = RelatedArticle.objects.filter(target_id=int(match.group(1))).values_list("source_id")
    return Shown(pages=list(Page.objects.filter(pk__in=sources)))


def connect() -> None:
    register_address_source(stories_listing)
