"""Sitemaps of every edition (``masthead.core.editions``), with their ``xhtml:link`` alternates.

An edition's pages hang under its own home page, a translation of the site's;
its addresses carry its prefix (``/hy/…``), the default edition's none. With
one language there is one root and nothing here changes a sitemap.
"""

from collections import defaultdict
from collections.abc import Callable

from wagtail.models import Page

from masthead.core.editions import (
    default_language,
    edition_languages,
    is_multilingual,
    language_tag,
)

from .sitemaps import SitemapUrl


def edition_prefix(root: Page) -> str:
    code = root.locale.language_code
    return "" if code == default_language() else f"/{code}"


def edition_roots(root: Page) -> list[tuple[Page, str]]:
    """The site's home page and, with editions, its live translations, each with its prefix."""
    if not is_multilingual():
        return [(root, "")]
    homes = [root] + list(root.get_translations().live().select_related("locale"))
    return [(home, edition_prefix(home)) for home in homes]


def with_alternates(
    roots: list[tuple[Page, str]], urls_of: Callable[[Page], list[SitemapUrl]]
) -> list[SitemapUrl]:
    """Every edition's URLs, prefixed, each listing the published versions of its page."""
    urls: list[SitemapUrl] = []
    url_paths: list[str] = []  # the tree's url_path of each, to find its versions
    for root, prefix in roots:
        for url in urls_of(root):
            url_paths.append(root.url_path + url.path[1:])
            url.path = prefix + url.path
            urls.append(url)
    # The same page in other languages shares a translation_key: two queries for them all.
    pages = Page.objects.live().public()
    keys = pages.filter(url_path__in=url_paths).values_list("translation_key", flat=True)
    rows = pages.filter(translation_key__in=keys).values_list(
        "translation_key", "url_path", "locale__language_code"
    )
    order = edition_languages()
    versions: dict[object, list[tuple[str, str]]] = defaultdict(list)
    key_of: dict[str, object] = {}
    for key, url_path, code in sorted(
        rows, key=lambda row: order.index(row[2]) if row[2] in order else len(order)
    ):
        for root, prefix in roots:
            if url_path.startswith(root.url_path):
                path = prefix + "/" + url_path[len(root.url_path) :]
                versions[key].append((code, path))
                key_of[path] = key
                break
    for url in urls:
        found = versions.get(key_of.get(url.path), [])
        if len(found) < 2:
            continue
        url.alternates = [(language_tag(code), path) for code, path in found]
        url.alternates += [
            ("x-default", path) for code, path in found if code == default_language()
        ]
    return urls
