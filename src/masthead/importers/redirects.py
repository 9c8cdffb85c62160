"""Old WordPress addresses, answered with a permanent redirect to their new home.

Ordinary permalinks (``/2024/05/01/slug/``, ``/category/news/``, ``/author/ana/``,
attachment pages, upload URLs) become rows in Wagtail's redirect table, which
its middleware consults whenever a page is not found; redirects to pages follow
the page if an editor later moves it. Links that WordPress answers by query
string (``/?p=12``) or with a suffix (``…/feed/``, ``…/page/2/``, resized
``photo-300x200.jpg``) are answered by :mod:`masthead.importers.middleware`,
which looks them up through the same table and the import's own records.
"""

from urllib.parse import urlparse

from django.urls import NoReverseMatch, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

OLD_PATH_MAX = 255


def old_path(url: str) -> str:
    """A WordPress URL's path (and query) in the form Wagtail's redirect table stores."""
    if not url or not url.strip():
        return ""
    parsed = urlparse(url.strip())
    path = parsed.path or "/"
    if parsed.query:
        path = f"{path}?{parsed.query}"
    return Redirect.normalise_path(path)


def is_query_link(path: str) -> bool:
    """``/?p=12`` and ``/index.php?page_id=3``: answered by the middleware, not the table."""
    base, _, query = path.partition("?")
    return bool(query) and base in {"", "/", "/index.php"}


def feed_url(route: str, fallback: str, **kwargs) -> str:
    """A Masthead feed's address, or ``fallback`` while feeds are not installed."""
    try:
        return reverse(f"distribution:{route}-rss", kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


class RedirectWriter:
    """The old addresses of one imported item, written together, replacing older targets."""

    def __init__(self, run):
        self.run = run
        self.pages: dict[str, Page] = {}
        self.links: dict[str, str] = {}

    def add_page(self, url: str, page: Page) -> None:
        path = old_path(url)
        if self._usable(path) and path != old_path(page.get_url(None) or ""):
            self.pages[path] = page
            self.links.pop(path, None)

    def add_link(self, url: str, link: str) -> None:
        path = old_path(url)
        if self._usable(path) and link and path != old_path(link):
            self.links[path] = link
            self.pages.pop(path, None)

    def _usable(self, path: str) -> bool:
        if not path or path == "/" or is_query_link(path):
            return False
        if len(path) > OLD_PATH_MAX:
            self.run.report.skip("redirects", f"old address longer than {OLD_PATH_MAX} characters")
            return False
        return True

    def save(self) -> None:
        """Create or retarget the redirects (inside the caller's transaction)."""
        paths = set(self.pages) | set(self.links)
        if not paths:
            return
        report = self.run.report
        existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=paths)}
        new = []
        for path in sorted(paths):
            page, link = self.pages.get(path), self.links.get(path, "")
            redirect = existing.get(path)
            if redirect is None:
                new.append(
                    Redirect(
                        old_path=path,
                        site=None,
                        is_permanent=True,
                        redirect_page=page,
                        redirect_link=link,
                    )
                )
                continue
            same_page = page is not None and redirect.redirect_page_id == page.pk
            same_link = page is None and redirect.redirect_page_id is None
            if (same_page or (same_link and redirect.redirect_link == link)) and (
                redirect.is_permanent
            ):
                report.count("redirects", "unchanged")
                continue
            redirect.redirect_page, redirect.redirect_link = page, link
            redirect.redirect_page_route_path = ""
            redirect.is_permanent = True
            redirect.save()
            report.count("redirects", "updated")
        Redirect.objects.bulk_create(new)
        report.count("redirects", "created", len(new))
        self.pages.clear()
        self.links.clear()
