"""``/sitemap.xml`` (an index), its child sitemaps, the Google News sitemap and robots.txt.

The XML is written with plain string building: a child sitemap may hold
50,000 URLs, and a template engine would spend seconds on what a join does in
milliseconds. Every value goes through XML escaping and :func:`xml_safe`.
"""

from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import conditional_page, require_safe

from masthead.caching.tags import SITEMAP, declare
from masthead.core.editions import page_language

from .articles import public_stories
from .editions import edition_roots, with_alternates
from .locations import absolute, site_for_request
from .sitemap_cache import cached
from .sitemaps import SITEMAPS, SitemapUrl, relative_path
from .xmltext import xml_safe

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX_URLS = 1000  # Google News reads at most this many from one news sitemap.


def w3c_datetime(moment: datetime) -> str:
    """``2025-03-01T09:30:00+00:00``: the W3C Datetime profile the protocols ask for."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def text(value: str) -> str:
    return escape(xml_safe(value))


def xml_response(body: str, lastmod: datetime | None) -> HttpResponse:
    response = HttpResponse(XML_DECLARATION + body, content_type="application/xml; charset=utf-8")
    if lastmod:
        response.headers["Last-Modified"] = http_date(lastmod.timestamp())
    # Sitemaps are for crawlers, not for search results.
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def google_news_language(language_code: str) -> str:
    """ISO 639 code Google News wants: ``en`` for ``en-us``, but ``zh-cn``/``zh-tw`` kept."""
    code = language_code.lower().replace("_", "-")
    if code in {"zh-hans", "zh-cn", "zh-sg"}:
        return "zh-cn"
    if code in {"zh-hant", "zh-tw", "zh-hk"}:
        return "zh-tw"
    return code.split("-")[0]


def url_limit() -> int:
    """URLs per child sitemap (a module attribute, so tests can make it small)."""
    from . import sitemaps

    return sitemaps.URLS_PER_SITEMAP


def newest_news(root):
    since = timezone.now() - NEWS_WINDOW
    return (
        public_stories(root)
        .filter(first_published_at__gte=since)
        .only("title", "url_path", "first_published_at", "path", "depth")
        .order_by("-first_published_at", "-pk")[:NEWS_MAX_URLS]
    )


def edition_news(root) -> list[tuple[object, str, str]]:
    """``(story, site-relative path, Google News language)`` of every edition's news, newest first.

    Each story with its own edition's language and address (``/hy/…``);
    with one language, the site's stories and ``LANGUAGE_CODE`` as always.
    """
    found = []
    for edition_root, prefix in edition_roots(root):
        language = google_news_language(page_language(edition_root))
        for article in newest_news(edition_root):
            path = prefix + relative_path(article.url_path, edition_root)
            found.append((article, path, language))
    found.sort(key=lambda item: (item[0].first_published_at, item[0].pk), reverse=True)
    return found[:NEWS_MAX_URLS]


@require_safe
@conditional_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Every child sitemap with its real last change, plus the news sitemap when it has news."""
    declare(request, SITEMAP)
    site = site_for_request(request)
    limit = url_limit()
    key = f"index:{site.pk}:{limit}:{absolute(request, '/')}"
    body, lastmod = cached(key, lambda: build_index(request, site.root_page, limit))
    return xml_response(body, lastmod)


def build_index(request: HttpRequest, root, limit: int) -> tuple[str, datetime | None]:
    entries: list[tuple[str, datetime | None]] = []
    roots = [edition_root for edition_root, _prefix in edition_roots(root)]
    for name, sitemap in SITEMAPS.items():
        buckets: dict[int, datetime | None] = {}
        for edition_root in roots:
            for bucket, lastmod in sitemap.buckets(edition_root, limit).items():
                known = buckets.get(bucket)
                buckets[bucket] = (
                    lastmod if known is None or (lastmod and lastmod > known) else known
                )
        for bucket, lastmod in sorted(buckets.items()):
            path = reverse("distribution:sitemap-part", kwargs={"name": name, "bucket": bucket})
            entries.append((absolute(request, path), lastmod))
    news = edition_news(root)
    if news:
        newest = news[0][0].first_published_at
        entries.append((absolute(request, reverse("distribution:sitemap-news")), newest))
    lines = [f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for location, lastmod in entries:
        lastmod_xml = f"<lastmod>{w3c_datetime(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<sitemap><loc>{text(location)}</loc>{lastmod_xml}</sitemap>")
    lines.append("</sitemapindex>\n")
    dates = [lastmod for _location, lastmod in entries if lastmod]
    return "\n".join(lines), max(dates, default=None)


def url_element(site_url: str, url: SitemapUrl) -> str:
    """One ``<url>``; ``site_url`` is the scheme and host, worked out once per file."""
    parts = [f"<url><loc>{text(site_url + url.path)}</loc>"]
    if url.lastmod:
        parts.append(f"<lastmod>{w3c_datetime(url.lastmod)}</lastmod>")
    for image in url.images:
        image_url = image if image.startswith(("http://", "https://")) else site_url + image
        parts.append(f"<image:image><image:loc>{text(image_url)}</image:loc></image:image>")
    for hreflang, path in url.alternates:
        parts.append(
            f'<xhtml:link rel="alternate" hreflang="{text(hreflang)}" '
            f'href="{text(site_url + path)}"/>'
        )
    parts.append("</url>")
    return "".join(parts)


@require_safe
@conditional_page
def sitemap_part(request: HttpRequest, name: str, bucket: int) -> HttpResponse:
    """One child sitemap: the pages of one kind whose ids fall in one bucket."""
    declare(request, SITEMAP)
    sitemap = SITEMAPS.get(name)
    if sitemap is None:
        raise Http404("No such sitemap.")
    site = site_for_request(request)
    limit = url_limit()
    site_url = absolute(request, "/").rstrip("/")
    key = f"part:{site.pk}:{limit}:{site_url}:{name}:{bucket}"
    body, lastmod = cached(
        key, lambda: build_part(site_url, sitemap, site.root_page, bucket, limit)
    )
    if not body:
        raise Http404("This sitemap is empty.")
    return xml_response(body, lastmod)


def build_part(site_url: str, sitemap, root, bucket: int, limit: int):
    roots = edition_roots(root)
    if len(roots) == 1:
        urls = sitemap.urls(root, bucket, limit)
        namespaces = f'xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}"'
    else:
        urls = with_alternates(
            roots, lambda edition_root: sitemap.urls(edition_root, bucket, limit)
        )
        namespaces = f'xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}" xmlns:xhtml="{XHTML_NS}"'
    if not urls:
        return "", None
    lines = [f"<urlset {namespaces}>"]
    lines.extend(url_element(site_url, url) for url in urls)
    lines.append("</urlset>\n")
    dates = [url.lastmod for url in urls if url.lastmod]
    return "\n".join(lines), max(dates, default=None)


@require_safe
@conditional_page
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: the stories first published in the last two days."""
    declare(request, SITEMAP)
    site = site_for_request(request)
    root = site.root_page
    publication = text(site.site_name or settings.WAGTAIL_SITE_NAME)
    news = edition_news(root)
    lines = [f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for article, path, language in news:
        location = absolute(request, path)
        lines.append(
            f"<url><loc>{text(location)}</loc><news:news>"
            f"<news:publication><news:name>{publication}</news:name>"
            f"<news:language>{text(language)}</news:language></news:publication>"
            f"<news:publication_date>{w3c_datetime(article.first_published_at)}"
            f"</news:publication_date>"
            f"<news:title>{text(article.title)}</news:title>"
            f"</news:news></url>"
        )
    lines.append("</urlset>\n")
    newest = news[0][0].first_published_at if news else None
    return xml_response("\n".join(lines), newest)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything but the admin; the sitemaps are named in full."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute(request, reverse('distribution:sitemap-index'))}",
        f"Sitemap: {absolute(request, reverse('distribution:sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
