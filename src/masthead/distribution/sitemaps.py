"""Sitemaps that stay cheap at millions of URLs.

Django's sitemap framework pages with ``OFFSET`` and finds the index's dates by
loading every item, which grows with the archive. Here each child sitemap
covers a fixed range of primary keys (``bucket`` = ``pk // limit``), so:

* a child sitemap is one range scan on the primary key, however deep;
* it can never hold more than ``limit`` URLs (50,000, the protocol's maximum),
  because primary keys are unique;
* the index is one ``GROUP BY bucket`` query per kind of page, which also gives
  each child's real ``lastmod`` (the newest publication time in it).

Buckets without public pages simply do not appear in the index.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import F, Max, QuerySet
from django.db.models.functions import Substr
from taggit.models import Tag
from wagtail.models import Page

from masthead.news.models import ArticlePage, TagIndexPage

from .articles import children_of, public_stories

URLS_PER_SITEMAP = 50_000


@dataclass
class SitemapUrl:
    """One ``<url>``: a site-relative location, its last change and its pictures."""

    path: str
    lastmod: datetime | None
    images: list[str] = field(default_factory=list)  # site-relative file URLs
    alternates: list[tuple[str, str]] = field(default_factory=list)
    """``hreflang`` and site-relative path of each published version (editions only)."""


def relative_path(url_path: str, root: Page) -> str:
    """``/home/community/story/`` under root ``/home/`` → ``/community/story/``."""
    return "/" + url_path[len(root.url_path) :]


def bucket_lastmods(queryset: QuerySet, date_field: str, limit: int) -> dict[int, datetime]:
    """Newest ``date_field`` per bucket of ``limit`` primary keys, in one grouped query."""
    rows = (
        queryset.order_by()
        .annotate(bucket=F("pk") / limit)
        .values("bucket")
        .annotate(latest=Max(date_field))
        .values_list("bucket", "latest")
    )
    return {int(bucket): latest for bucket, latest in rows}


def in_bucket(queryset: QuerySet, bucket: int, limit: int) -> QuerySet:
    return queryset.filter(pk__gte=bucket * limit, pk__lt=(bucket + 1) * limit).order_by("pk")


class ArticleSitemap:
    """Every public story, with its featured picture."""

    name = "articles"

    def queryset(self, root: Page) -> QuerySet:
        return public_stories(root)

    def buckets(self, root: Page, limit: int) -> dict[int, datetime]:
        return bucket_lastmods(self.queryset(root), "last_published_at", limit)

    def urls(self, root: Page, bucket: int, limit: int) -> list[SitemapUrl]:
        rows = in_bucket(self.queryset(root), bucket, limit).values_list(
            "url_path", "last_published_at", "featured_image__file"
        )
        return [
            SitemapUrl(
                path=relative_path(url_path, root),
                lastmod=lastmod,
                images=[default_storage.url(image_file)] if image_file else [],
            )
            for url_path, lastmod, image_file in rows
        ]


class PageSitemap:
    """The front page, sections, author profiles, the indexes and plain pages.

    A listing changes when a story in it is published, so the front page and
    each section are dated by their newest story when that is later than their
    own last edit. These pages are few (sections and staff), so they are dated
    in Python from two queries.
    """

    name = "pages"

    def buckets(self, root: Page, limit: int) -> dict[int, datetime]:
        lastmods: dict[int, datetime] = {}
        for pk, _path, lastmod in self._rows(root):
            bucket = pk // limit
            if lastmod and (bucket not in lastmods or lastmod > lastmods[bucket]):
                lastmods[bucket] = lastmod
            lastmods.setdefault(bucket, lastmod)
        return lastmods

    def urls(self, root: Page, bucket: int, limit: int) -> list[SitemapUrl]:
        return [
            SitemapUrl(path=relative_path(url_path, root), lastmod=lastmod)
            for pk, url_path, lastmod in self._rows(root)
            if pk // limit == bucket
        ]

    def _rows(self, root: Page) -> list[tuple[int, str, datetime | None]]:
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(root, inclusive=True)
            .not_type(ArticlePage)
            .order_by("pk")
            .values_list("pk", "path", "url_path", "last_published_at")
        )
        newest = newest_story_by_section(root)
        overall = max(newest.values(), default=None)
        rows = []
        for pk, path, url_path, lastmod in pages:
            story = overall if pk == root.pk else newest.get(path)
            if story and (lastmod is None or story > lastmod):
                lastmod = story
            rows.append((pk, url_path, lastmod))
        return rows


def newest_story_by_section(root: Page) -> dict[str, datetime]:
    """Tree path of each section → publication time of its newest or latest-edited story."""
    section_path_length = len(root.path) + Page.steplen
    rows = (
        public_stories(root)
        .order_by()
        .annotate(section_path=Substr("path", 1, section_path_length))
        .values("section_path")
        .annotate(latest=Max("last_published_at"))
        .values_list("section_path", "latest")
    )
    return {path: latest for path, latest in rows if latest}


class TagSitemap:
    """Tag pages of tags that live stories on this site carry, dated by their newest story."""

    name = "tags"

    def _tags(self, root: Page) -> QuerySet:
        stories = public_stories(root)
        # filter() before annotate(): the newest date counts only this site's public stories.
        return (
            Tag.objects.filter(news_articletag_items__content_object__in=stories)
            .annotate(latest=Max("news_articletag_items__content_object__last_published_at"))
            .order_by("pk")
        )

    def tag_index_path(self, root: Page) -> str | None:
        tag_index = TagIndexPage.objects.live().public().filter(children_of(root)).first()
        return relative_path(tag_index.url_path, root) if tag_index else None

    def buckets(self, root: Page, limit: int) -> dict[int, datetime]:
        if self.tag_index_path(root) is None:
            return {}
        lastmods: dict[int, datetime] = {}
        for pk, latest in self._tags(root).values_list("pk", "latest"):
            bucket = pk // limit
            if bucket not in lastmods or (latest and latest > lastmods[bucket]):
                lastmods[bucket] = latest
        return lastmods

    def urls(self, root: Page, bucket: int, limit: int) -> list[SitemapUrl]:
        base = self.tag_index_path(root)
        if base is None:
            return []
        tags = in_bucket(self._tags(root), bucket, limit).values_list("slug", "latest")
        return [SitemapUrl(path=f"{base}{slug}/", lastmod=latest) for slug, latest in tags]


SITEMAPS = {sitemap.name: sitemap for sitemap in (PageSitemap(), ArticleSitemap(), TagSitemap())}
