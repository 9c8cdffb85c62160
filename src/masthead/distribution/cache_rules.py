"""For the cache in front: the feeds of each page and topic, which show what they list."""

import contextlib
import re

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.models import Page

from masthead.caching.frontend import Shown, register_address_source, register_page_addresses
from masthead.core.editions import page_language
from masthead.news.models import ArticlePage, AuthorPage, HomePage, SectionPage, TagIndexPage

FEED_FORMATS = ("rss", "atom")
TOPIC_TAG = re.compile(r"^list-tag-(\d+)$")


def feed_addresses(root_url: str, route: str, **kwargs) -> list[str]:
    urls = []
    for fmt in FEED_FORMATS:
        with contextlib.suppress(NoReverseMatch):
            path = reverse(f"distribution:{route}-{fmt}", kwargs=kwargs)
            urls.append(root_url.rstrip("/") + path)
    return urls


def page_feeds(page: Page, root_url: str) -> list[str]:
    """The feeds that follow a page: the site's, a section's, an author's, a story's comments.

    Those of the page's edition: an Armenian section's are under ``/hy/feeds/``.
    """
    with translation.override(page_language(page)):
        return _page_feeds(page, root_url)


def _page_feeds(page: Page, root_url: str) -> list[str]:
    kind = page.specific_class
    if kind is None:
        return []
    if issubclass(kind, HomePage):
        return feed_addresses(root_url, "site")
    if issubclass(kind, SectionPage):
        return feed_addresses(root_url, "section", slug=page.slug)
    if issubclass(kind, AuthorPage):
        return feed_addresses(root_url, "author", slug=page.slug)
    if issubclass(kind, ArticlePage):
        return feed_addresses(root_url, "comments", article_id=page.pk)
    return []


def topic_feeds(tag: str) -> Shown | None:
    match = TOPIC_TAG.match(tag)
    topic = Tag.objects.filter(pk=int(match.group(1))).first() if match else None
    if topic is None:
        return None
    urls = []
    for index in TagIndexPage.objects.live():
        parts = index.get_url_parts()
        if parts is not None:
            with translation.override(page_language(index)):
                urls += feed_addresses(parts[1], "tag", slug=topic.slug)
    return Shown(urls=urls)


def connect() -> None:
    register_page_addresses(page_feeds)
    register_address_source(topic_feeds)
