"""Content-Security-Policy and Permissions-Policy on every response.

Reader pages run no script at all, so their policy allows none: a comment or
an imported story that slipped markup past the sanitiser still cannot run
code. Their one stylesheet is inlined for speed (``style-src 'unsafe-inline'``
is the price; no script can use it). ``connect-src 'self'`` lets tools that
fetch from inside the page read this site's own files: Lighthouse downloads
robots.txt that way and, refused, marked every page's SEO down to 92; with no
script allowed, nothing an attacker plants can use it. JSON-LD blocks are data, not scripts, and
CSP does not apply to them. The embed card is the one page other sites may
frame. Wagtail's admin needs inline scripts and styles, so its policy keeps
scripts to this site and forbids plugins, framing by others and foreign forms.
Signed-in staff get the admin's policy on reader pages too: Wagtail's user bar
(edit link, accessibility checker) is a script. Those pages are never cached.

The headers are set at the top of the middleware stack, so pages served from
the page cache (and stored by nginx in front) carry them too.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ADMIN_PREFIX = "/admin/"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), browsing-topics=()"
)


def _image_sources() -> str:
    return " ".join(["'self'", "data:", *settings.MASTHEAD_IMAGE_ORIGINS])


def _media_sources() -> str:
    """Audio and video come from where uploaded files do: this site, or its file storage."""
    return " ".join(["'self'", *settings.MASTHEAD_IMAGE_ORIGINS])


def reader_policy(framable: bool) -> str:
    ancestors = "*" if framable else "'none'"
    return (
        f"default-src 'none'; img-src {_image_sources()}; media-src {_media_sources()}; "
        "style-src 'self' 'unsafe-inline'; connect-src 'self'; "
        f"font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}"
    )


def admin_policy() -> str:
    # Wagtail previews embeds (video players) in its editor, hence frames from https.
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src {_image_sources()} blob: https:; media-src 'self' https:; "
        "frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'self'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.reader = reader_policy(framable=False)
        self.embeddable = reader_policy(framable=True)
        self.admin = admin_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(ADMIN_PREFIX) or (user is not None and user.is_authenticated):
            policy = self.admin
        elif getattr(response, "xframe_options_exempt", False):
            policy = self.embeddable
        else:
            policy = self.reader
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
