"""Cross-site request checks for the forms readers fill in on cached pages.

The comment form and the newsletter sign-up box sit on pages that a shared
cache (the page cache, nginx, a CDN) hands to every anonymous reader, so they
cannot carry Django's per-browser CSRF token: one reader's token in everyone's
page would be worthless, and a page without one would fail Django's check.

These forms are protected the way browsers now allow without tokens: every
browser released since 2020 says where a form was submitted from, in
``Sec-Fetch-Site`` (Fetch Metadata) or at least in ``Origin``. A POST that a
browser marks as coming from another site is refused; one that carries neither
header did not come from a browser, so it cannot be a forged request riding on
a reader's cookies (there is nothing to ride on: these forms need no login).
The admin and every other form keep Django's own CSRF tokens.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

SAME_SITE_FETCHES = {"same-origin", "none"}


def _trusted_origins(request: HttpRequest) -> set[str]:
    scheme = "https" if request.is_secure() else "http"
    origins = {f"{scheme}://{request.get_host()}"}
    origins.update(origin.rstrip("/") for origin in settings.CSRF_TRUSTED_ORIGINS)
    return origins


def is_cross_site(request: HttpRequest) -> bool:
    """Whether a browser says this request was sent from another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site:
        return fetch_site not in SAME_SITE_FETCHES
    origin = request.headers.get("Origin", "").strip()
    if not origin:
        return False
    if origin == "null":
        # Sandboxed frames and some privacy modes: no way to tell, so no.
        return True
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" not in _trusted_origins(request)
