"""Staff sign-in throttling (django-axes): whose attempts are counted, and what they see.

Axes counts failed sign-ins per account *and* address: after
``AXES_FAILURE_LIMIT`` wrong passwords for one username from one address, that
username cannot sign in from that address until ``AXES_COOLOFF_TIME`` has
passed without another attempt, whatever password is given (the right one
included). The same person elsewhere, and other accounts from the same
address, are not affected. Axes keeps the attempts in the database, so every
app server and worker process agrees.

The address is :func:`masthead.core.addresses.client_address`, as for every
other per-address limit (trusted proxies included).
"""

from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.views.account import password_reset_enabled

LOCKOUT_TEMPLATE = "accounts/login_locked_out.html"


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The 429 page a paused sign-in gets (``AXES_LOCKOUT_CALLABLE``).

    It is rendered right after the attempt that Axes counted, and each such
    attempt restarts the cool-off, so "now plus the cool-off" is when signing
    in works again. ``Retry-After`` says the same to scripts.
    """
    cool_off = get_cool_off(request) or timedelta(0)
    until = timezone.localtime(timezone.now() + cool_off)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": minutes,
        "until": until,
        "show_password_reset": password_reset_enabled(),
    }
    response = HttpResponse(
        render_to_string(LOCKOUT_TEMPLATE, context, request=request),
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
