"""Render every public page once, so that the first readers do not wait.

The first view of a page makes its image renditions (AVIF, WebP and JPEG in
several widths); on the demo's front page that took about 5 s. Rendering the
live pages once after a bulk change (the demo, an import) moves that wait
from the reader to the command that caused it.
"""

from collections.abc import Callable

from django.test import RequestFactory
from wagtail.models import Page, Site


def render_live_pages(progress: Callable[[Page], None] | None = None) -> int:
    """Serve each live page of the default site in-process; returns how many were rendered."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return 0
    factory = RequestFactory()
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    rendered = 0
    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific()
    for page in pages.iterator(chunk_size=200):
        url = page.get_url_parts()
        if url is None:
            continue
        request = factory.get(url[2], HTTP_HOST=host)
        request.user = _anonymous()
        response = page.serve(request)
        if hasattr(response, "render"):
            response.render()
        rendered += 1
        if progress:
            progress(page)
    return rendered


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
