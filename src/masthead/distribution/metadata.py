"""What a page tells search engines and social networks about itself.

:func:`page_metadata` gathers, for any page the site renders, the canonical
URL, the description, Open Graph and X card properties, JSON-LD structured data
and the feeds to advertise. The head template only prints what it is given.
Every value is plain text here; the template escapes it, and JSON-LD is
serialised by :func:`json_ld_script` with ``<``, ``>`` and ``&`` escaped.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from masthead.core.editions import default_language, page_language
from masthead.core.editions import language_tag as bcp47
from masthead.core.models import NewsroomSettings
from masthead.core.pagination import PAGE_PARAMETER
from masthead.core.text import truncate_words

from .feeds import approved_comments
from .images import STRUCTURED_DATA_SPECS, image_variant, image_variants
from .locations import absolute, page_url
from .models import DistributionSettings

SCHEMA = "https://schema.org"
HEADLINE_MAX_CHARS = 110  # Google truncates longer headlines in article results.
DESCRIPTION_MAX_CHARS = 300
SEARCH_PATH = "/search/"
SEARCH_QUERY = "?q={search_term_string}"  # a URI template: braces stay as they are
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class FeedLink:
    title: str
    href: str
    mime_type: str


@dataclass
class Metadata:
    site_name: str
    title: str = ""
    description: str = ""
    canonical: str = ""
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    json_ld: list[dict] = field(default_factory=list)
    feeds: list[FeedLink] = field(default_factory=list)
    oembed: str = ""
    language: str = ""  # BCP 47, for JSON-LD's inLanguage
    alternates: list[tuple[str, str]] = field(default_factory=list)
    """``hreflang`` and address of every published version, ``x-default`` last (editions)."""


def json_ld_script(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">``; no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308 - escaped just above


_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def rich_text_as_plain(html: str | None) -> str:
    """Rich text as one line of text: inline tags vanish, paragraphs become spaces."""
    text = strip_tags(_BLOCK_END.sub(" ", html or ""))
    return " ".join(unescape(text).split())


def iso(moment: datetime | None) -> str:
    return moment.replace(microsecond=0).isoformat() if moment else ""


def language_tag(code: str = "") -> str:
    """``en-US`` from ``en-us``: BCP 47 for JSON-LD, ``en_US`` for Open Graph via og_locale."""
    return bcp47(code or settings.LANGUAGE_CODE)


def og_locale(code: str = "") -> str:
    return language_tag(code).replace("-", "_")


def _translations(meta: Metadata, page, request) -> None:
    """``hreflang`` alternates and ``og:locale:alternate``: only for pages with translations."""
    from masthead.news.editions import published_translations

    versions = published_translations(page, inclusive=True, request=request)
    others = [version for version in versions if version.page.pk != page.pk]
    if not others:
        return
    meta.alternates = [(version.tag, page_url(version.page, request)) for version in versions]
    default = [version for version in versions if version.language == default_language()]
    if default:
        meta.alternates.append(("x-default", page_url(default[0].page, request)))
    meta.open_graph += [("og:locale:alternate", og_locale(v.language)) for v in others]


# Feeds -------------------------------------------------------------------


def _feed_pair(request: HttpRequest, title: str, route: str, **kwargs) -> list[FeedLink]:
    return [
        FeedLink(
            title=f"{title} (RSS)",
            href=absolute(request, reverse(f"distribution:{route}-rss", kwargs=kwargs)),
            mime_type="application/rss+xml",
        ),
        FeedLink(
            title=f"{title} (Atom)",
            href=absolute(request, reverse(f"distribution:{route}-atom", kwargs=kwargs)),
            mime_type="application/atom+xml",
        ),
    ]


# Structured data pieces --------------------------------------------------


def publisher(request: HttpRequest, site_name: str, distribution: DistributionSettings) -> dict:
    """The newsroom as a schema.org Organization, with the logo Google asks for."""
    logo = None
    if distribution.publisher_logo is not None:
        variant = image_variant(distribution.publisher_logo, "max-600x60|format-png")
        if variant is not None:
            logo = {
                "@type": "ImageObject",
                "url": absolute(request, variant.url),
                "width": variant.width,
                "height": variant.height,
            }
    if logo is None:
        from .logo import LOGO_HEIGHT, LOGO_WIDTH

        logo = {
            "@type": "ImageObject",
            "url": absolute(request, reverse("distribution:publisher-logo")),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        }
    return {"@type": "Organization", "name": site_name, "url": absolute(request, "/"), "logo": logo}


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def page_trail(page: Page, request: HttpRequest, site: Site) -> list[tuple[str, str]]:
    """(name, URL) from the site's front page down to ``page``."""
    ancestors = page.get_ancestors(inclusive=True).filter(depth__gte=site.root_page.depth)
    return [(ancestor.title, page_url(ancestor, request)) for ancestor in ancestors]


def _image_properties(request: HttpRequest, variant) -> tuple[list, list]:
    if variant is None:
        return [], []
    url = absolute(request, variant.url)
    open_graph = [
        ("og:image", url),
        ("og:image:type", variant.mime_type),
        ("og:image:width", str(variant.width)),
        ("og:image:height", str(variant.height)),
        ("og:image:alt", variant.alt),
    ]
    if url.startswith("https://"):
        open_graph.insert(1, ("og:image:secure_url", url))
    return open_graph, [("twitter:image", url), ("twitter:image:alt", variant.alt)]


# Per page type ------------------------------------------------------------


def _article(meta: Metadata, page, request, context, site, distribution) -> None:
    section = context.get("section") or page.get_parent()
    tags = context.get("article_tags")
    if tags is None:
        tags = list(page.tags.order_by("name"))
    authors = page.credited_authors
    author_links = [(author.title, page_url(author, request)) for author in authors]
    variants = image_variants(page.featured_image, STRUCTURED_DATA_SPECS)
    share = variants[0] if variants else None

    meta.open_graph[0] = ("og:type", "article")
    meta.open_graph += [
        ("article:published_time", iso(page.first_published_at)),
        ("article:modified_time", iso(page.last_published_at or page.first_published_at)),
    ]
    meta.open_graph += [("article:author", url) for _name, url in author_links]
    if section is not None:
        meta.open_graph.append(("article:section", section.title))
    meta.open_graph += [("article:tag", tag.name) for tag in tags]
    image_og, image_twitter = _image_properties(request, share)
    meta.open_graph += image_og
    meta.twitter += image_twitter

    organisation = publisher(request, meta.site_name, distribution)
    article = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": truncate_words(page.title, HEADLINE_MAX_CHARS),
        "description": meta.description,
        "url": meta.canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta.canonical},
        "datePublished": iso(page.first_published_at),
        "dateModified": iso(page.last_published_at or page.first_published_at),
        "author": [{"@type": "Person", "name": name, "url": url} for name, url in author_links]
        or [{"@type": "Organization", "name": meta.site_name, "url": organisation["url"]}],
        "publisher": organisation,
        "isAccessibleForFree": True,
        "inLanguage": meta.language,
    }
    if variants:
        article["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute(request, variant.url),
                "width": variant.width,
                "height": variant.height,
            }
            for variant in variants
        ]
    if section is not None:
        article["articleSection"] = section.title
    if tags:
        article["keywords"] = [tag.name for tag in tags]
    meta.json_ld += [article, breadcrumbs(page_trail(page, request, site))]

    if section is not None:
        meta.feeds += _feed_pair(request, section.title, "section", slug=section.slug)
    comments = approved_comments(page)
    if comments is not None and comments.exists():
        meta.feeds += _feed_pair(
            request, f"Comments on “{page.title}”", "comments", article_id=page.pk
        )
    meta.oembed = (
        absolute(request, reverse("distribution:oembed")) + "?" + _query(url=meta.canonical)
    )


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _author(meta: Metadata, page, request, site, distribution) -> None:
    variant = image_variant(page.photo, "fill-600x600-c50|format-jpeg|jpegquality-82")
    meta.open_graph[0] = ("og:type", "profile")
    image_og, image_twitter = _image_properties(request, variant)
    meta.open_graph += image_og
    meta.twitter += image_twitter
    person = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": page.title,
        "url": meta.canonical,
        "mainEntityOfPage": {"@type": "ProfilePage", "@id": meta.canonical},
        "worksFor": {
            "@type": "Organization",
            "name": meta.site_name,
            "url": absolute(request, "/"),
        },
    }
    if page.role:
        person["jobTitle"] = page.role
    bio = rich_text_as_plain(page.bio)
    if bio:
        person["description"] = truncate_words(bio, DESCRIPTION_MAX_CHARS)
    if variant is not None:
        person["image"] = absolute(request, variant.url)
    meta.json_ld += [person, breadcrumbs(page_trail(page, request, site))]
    meta.feeds += _feed_pair(request, page.title, "author", slug=page.slug)


def search_path() -> str:
    """The search page of the edition being served (``/hy/search/``), ``/search/`` without one."""
    try:
        return reverse("search")
    except NoReverseMatch:  # a site without the search app
        return SEARCH_PATH


def _home(meta: Metadata, request, distribution) -> None:
    meta.json_ld.append(
        {
            "@context": SCHEMA,
            "@type": "WebSite",
            "name": meta.site_name,
            "url": absolute(request, "/"),
            "inLanguage": meta.language,
            "publisher": publisher(request, meta.site_name, distribution),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": absolute(request, search_path()) + SEARCH_QUERY,
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


def _description(page, context, tagline: str) -> str:
    from masthead.news.models import ArticlePage, AuthorPage, SectionPage

    text = page.search_description if page is not None else ""
    if not text and isinstance(page, ArticlePage):
        text = page.teaser()
    elif not text and isinstance(page, SectionPage):
        text = page.intro
    elif not text and isinstance(page, AuthorPage):
        text = rich_text_as_plain(page.bio) or page.role
    tag = context.get("tag")
    if tag is not None:
        text = f"Stories tagged “{tag.name}”."
    return truncate_words(text or tagline or "", DESCRIPTION_MAX_CHARS)


def _listing_number(context) -> int:
    listing = context.get("articles") or context.get("authors") or context.get("tags")
    return getattr(listing, "number", 1) or 1


def page_metadata(context: dict[str, Any]) -> Metadata | None:
    """Everything the ``<head>`` says to outside consumers about the page being rendered."""
    from masthead.news.models import ArticlePage, AuthorPage, HomePage, SectionPage

    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    site_name = site.site_name or settings.WAGTAIL_SITE_NAME
    distribution = DistributionSettings.for_site(site)
    tagline = NewsroomSettings.for_site(site).tagline
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    tag = context.get("tag")

    meta = Metadata(site_name=site_name)
    meta.feeds = _feed_pair(request, site_name, "site")
    if page is None:
        return meta  # an error page: the feeds, and no claims about what is here

    code = page_language(page)
    meta.language = language_tag(code)
    meta.title = page.seo_title or page.title
    meta.description = _description(page, context, tagline)
    meta.canonical = page_url(page, request)
    if tag is not None:
        meta.title = tag.name
        meta.canonical = absolute(request, f"{page.get_url(request=request)}{tag.slug}/")
        meta.feeds += _feed_pair(request, tag.name, "tag", slug=tag.slug)
    number = _listing_number(context)
    if number > 1:
        meta.canonical += f"?{PAGE_PARAMETER}={number}"

    meta.open_graph = [
        ("og:type", "website"),
        ("og:site_name", site_name),
        ("og:title", meta.title),
        ("og:description", meta.description),
        ("og:url", meta.canonical),
        ("og:locale", og_locale(code)),
    ]
    if tag is None and number == 1:
        _translations(meta, page, request)
    meta.twitter = [
        ("twitter:card", "summary"),
        ("twitter:title", meta.title),
        ("twitter:description", meta.description),
    ]
    if distribution.x_handle:
        handle = distribution.x_handle.strip()
        meta.twitter.append(("twitter:site", handle if handle.startswith("@") else f"@{handle}"))

    if isinstance(page, ArticlePage):
        _article(meta, page, request, context, site, distribution)
    elif isinstance(page, AuthorPage):
        _author(meta, page, request, site, distribution)
    else:
        if isinstance(page, HomePage):
            _home(meta, request, distribution)
        if isinstance(page, SectionPage):
            meta.feeds += _feed_pair(request, page.title, "section", slug=page.slug)
        trail = page_trail(page, request, site)
        if tag is not None:
            trail.append((tag.name, meta.canonical.split("?")[0]))
        if len(trail) > 1:
            meta.json_ld.append(breadcrumbs(trail))
    if any(name == "twitter:image" for name, _value in meta.twitter):
        meta.twitter[0] = ("twitter:card", "summary_large_image")
    return meta
