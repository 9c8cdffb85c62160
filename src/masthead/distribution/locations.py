"""Absolute addresses of the newsroom's pages, as outside consumers need them.

Feed readers, search engines and social networks all want absolute URLs. In a
request they are built from the request (so the scheme and host are the ones the
reader used, proxies included); without one (background pings) from the Wagtail
site's own root URL.
"""

import re

from django.http import Http404, HttpRequest
from wagtail.models import Page, Site

_RELATIVE_URL_ATTR = re.compile(r'\b(href|src|poster)="(/(?!/)[^"]*)"')
_SRCSET_ATTR = re.compile(r'\bsrcset="([^"]*)"')


def site_for_request(request: HttpRequest) -> Site:
    """The Wagtail site answering ``request``; a 404 when none is configured."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this address.")
    return site


def absolute(request: HttpRequest, path: str) -> str:
    """``path`` (``/community/``) as an absolute URL for the reader's host and scheme."""
    if path.startswith(("http://", "https://")):
        return path
    return request.build_absolute_uri(path)


def page_url(page: Page, request: HttpRequest) -> str:
    """Absolute URL of ``page`` as seen from ``request``."""
    return absolute(request, page.get_url(request=request) or "/")


def absolutize_html(html: str, base_url: str) -> str:
    """Rewrite site-relative links and image sources in ``html`` to absolute ones.

    Feed readers show stories away from the site, where ``/media/…`` means nothing.
    """
    base_url = base_url.rstrip("/")

    def attr(match: re.Match) -> str:
        return f'{match.group(1)}="{base_url}{match.group(2)}"'

    def srcset(match: re.Match) -> str:
        candidates = []
        for candidate in match.group(1).split(","):
            candidate = candidate.strip()
            if candidate.startswith("/") and not candidate.startswith("//"):
                candidate = base_url + candidate
            candidates.append(candidate)
        return 'srcset="{}"'.format(", ".join(candidates))

    return _SRCSET_ATTR.sub(srcset, _RELATIVE_URL_ATTR.sub(attr, html))
