"""Per-address limits on the reader requests the page cache cannot answer.

A search the page cache has not stored costs tens of milliseconds of CPU (63 ms
on 100,000 stories), so one client sending fresh searches as fast as it can
keeps a core busy, and a few keep the machine. Each limited view counts the
requests that reach it per client address, in windows of
``MASTHEAD_READER_LIMIT_SECONDS``, and answers the ones over the limit with the
site's 429 page and ``Retry-After``: when the window ends.

Requests the page cache answers are never counted: the cache sits in front of
the views and answers before any of this runs. A stored page costs two cache
reads and no query, so a crawler repeating popular searches costs next to
nothing and is never refused, while one inventing fresh searches (or paging
deep, or varying filters) reaches the view each time and is refused after the
limit. Counting stored pages too would refuse nobody the machine needs
protecting from, only readers who share one address (an office, a mobile
network's NAT) for pages that cost nothing.

Staff signed in to the admin are never limited: their requests bypass the
page cache, so each one reaches the view, and an editor checking how a story
shows in search must not be told to wait.

The address is :func:`masthead.core.addresses.client_address`, as for every
per-address rule, so behind the shipped nginx ``MASTHEAD_TRUSTED_PROXIES`` must
name it, or every reader counts as one. IPv6 clients are counted per /64
network, the block one customer gets, since such a client can change its
address at will within it. Counts live in the shared cache
(:func:`masthead.core.rate_limits.count_in_window`), so every app server
agrees. Windows start at multiples of their length since the epoch, so the
end of the current one is known without storing when it began.

A refused client may well ignore ``Retry-After`` and keep asking, so a refusal
must cost little: rendering the page each time (the menu, the head's metadata:
6 queries and 22 ms of CPU, a third of the search refused) would leave such a
client most of its grip on the machine. The page names no exact wait (it says
"within a minute", the window; ``Retry-After`` has the seconds), so each
process renders it once per site and kind of request and keeps it while the
site-wide cache tag is unchanged: a new section in the menu shows at once.
"""

import functools
import ipaddress
import logging
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext

from masthead.caching.local import LocalCopies
from masthead.caching.middleware import tag_versions
from masthead.caching.tags import SITE

from .addresses import client_address
from .rate_limits import count_in_window

logger = logging.getLogger(__name__)
TEMPLATE = "core/too_many_requests.html"
IPV6_NETWORK_BITS = 64
RENDERED_SECONDS = 300
_rendered = LocalCopies(64)

View = Callable[..., HttpResponse]


def counted_as(address: str | None) -> str:
    """Whose requests are counted together: the address, or for IPv6 its /64 network."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_BITS}", strict=False))
    return str(parsed)


def is_staff(request: HttpRequest) -> bool:
    """Someone signed in who may use the admin: a writer, editor, moderator or administrator."""
    user = getattr(request, "user", None)
    return bool(
        user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
    )


def within(seconds: int) -> str:
    """A wait in words: "within an hour", "within 5 minutes", "within 30 seconds"."""
    if seconds % 3600 == 0:
        count = seconds // 3600
        return gettext("within an hour") if count == 1 else within_count("hours", count)
    if seconds % 60 == 0:
        count = seconds // 60
        return gettext("within a minute") if count == 1 else within_count("minutes", count)
    return gettext("within a second") if seconds == 1 else within_count("seconds", seconds)


def within_count(unit: str, count: int) -> str:
    """ "within 5 minutes", with the plural forms of the reader's language."""
    if unit == "hours":
        text = ngettext("within %(count)d hour", "within %(count)d hours", count)
    elif unit == "minutes":
        text = ngettext("within %(count)d minute", "within %(count)d minutes", count)
    else:
        text = ngettext("within %(count)d second", "within %(count)d seconds", count)
    return text % {"count": count}


def refusal_page(request: HttpRequest, what: str) -> bytes:
    """The 429 page for this site and ``what``, rendered once per process and site version."""
    window = settings.MASTHEAD_READER_LIMIT_SECONDS
    _, versions = tag_versions().current([SITE])
    language = translation.get_language() or ""
    key = "|".join(
        (request.scheme, request.get_host(), language, str(what), str(window), versions[SITE])
    )
    entry = _rendered.get(key)
    if entry is None:
        context = {"what": what, "within": within(window)}
        entry = {"body": render_to_string(TEMPLATE, context, request=request).encode()}
        _rendered.put(key, entry, RENDERED_SECONDS)
    return entry["body"]


def refusal(request: HttpRequest, what: str, seconds: int) -> HttpResponse:
    """The 429 page, with ``Retry-After``: the seconds until the window ends."""
    response = HttpResponse(refusal_page(request, what), status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def over_limit(request: HttpRequest, bucket: str, limit: int) -> int | None:
    """Count this request; the seconds until the window ends when it is over ``limit``."""
    window = settings.MASTHEAD_READER_LIMIT_SECONDS
    now = time.time()
    number = int(now // window)
    subject = counted_as(client_address(request))
    count = count_in_window(f"reader-limit:{bucket}:{number}:{subject}", window)
    if count <= limit:
        return None
    if count == limit + 1:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        hint = (
            " (it came through a proxy not listed in MASTHEAD_TRUSTED_PROXIES:"
            " every reader behind that proxy counts as this one address)"
            if forwarded and client_address(request) == request.META.get("REMOTE_ADDR")
            else ""
        )
        logger.warning(
            "Refusing %s requests from one address for the rest of this %d s: over %d%s",
            bucket,
            window,
            limit,
            hint,
        )
    return max(1, math.ceil((number + 1) * window - now))


def limit_per_address(bucket: str, setting: str, what: str) -> Callable[[View], View]:
    """Limit a view to ``settings.<setting>`` requests per address and window (0: no limit).

    Views sharing a ``bucket`` share one count; ``what`` names the refused
    requests on the 429 page ("searches").
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            limit = getattr(settings, setting)
            if limit and not is_staff(request):
                wait = over_limit(request, bucket, limit)
                if wait is not None:
                    return refusal(request, what, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorate
