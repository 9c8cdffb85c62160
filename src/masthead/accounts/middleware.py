"""The admin stays shut until a signed-in session has passed its second step.

Wagtail's own sign-in page checks the password; this middleware, after
django-otp's, sends a session that has not given its code yet to the code page,
and an account that must set up two-step sign-in to the set-up page. Outside
the admin such a session counts as signed out, so that nothing a reader page
shows to staff (the userbar, held comments) leaks before the code is given.
"""

import time
from urllib.parse import quote, urlencode

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import passkeys, second_factor
from .sessions import ACTIVITY_RESOLUTION, note_activity

# Pages a session may open whatever its second step: signing in and out,
# Wagtail's password reset, which a locked-out person needs, and the icons and
# translations that the sign-in and code pages themselves load.
ALWAYS_OPEN = {
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}
VERIFY = "accounts:verify"
SET_UP = "accounts:second_factor"
# A session that owes its second step may use the verify page and the passkey
# ceremony it runs; an account that must set one up, the set-up page and the
# ceremony that adds a passkey (which itself refuses a session that has a
# factor but has not passed it).
WHILE_PENDING = {VERIFY, *passkeys.SIGN_IN_VIEWS}
WHILE_SETTING_UP = {SET_UP, *passkeys.SET_UP_VIEWS}
SEEN_AT_SESSION_KEY = "masthead_seen_at"
# The page to come back to rides in the sign-in or code page's address (?next=).
# Django refuses a redirect longer than 16,384 characters (a 400, logged at
# ERROR), and a mangled link's query can be longer: such a page is returned to
# without its query, or the admin's home if even its path is that long.
MAX_RETURN_CHARS = 2000


def return_address(request: HttpRequest) -> str:
    """Where to go back to after signing in or giving the code: the page asked for."""
    for address in (request.get_full_path(), request.path):
        if len(quote(address, safe="/")) <= MAX_RETURN_CHARS:
            return address
    return reverse("wagtailadmin_home")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if not request.user.is_authenticated:
            if in_admin and view_name not in ALWAYS_OPEN:
                address = return_address(request)
                if address != request.get_full_path():
                    # Wagtail would send the whole address to the sign-in page.
                    return redirect_to_login(address, reverse("wagtailadmin_login"))
            return None
        if not in_admin:
            if second_factor.pending_verification(request):
                request.user = AnonymousUser()
            return None
        if view_name in ALWAYS_OPEN:
            return None
        if second_factor.pending_verification(request):
            if view_name in WHILE_PENDING:
                return None
            return redirect(reverse(VERIFY) + "?" + urlencode({"next": return_address(request)}))
        if (
            not request.user.is_verified()
            and view_name not in WHILE_SETTING_UP
            and second_factor.required_of(request)
        ):
            return redirect(SET_UP)
        self._note_activity(request)
        return None

    @staticmethod
    def _note_activity(request: HttpRequest) -> None:
        """Update the session's "last seen" every few minutes, not on each request."""
        now = time.time()
        if now - request.session.get(SEEN_AT_SESSION_KEY, 0) >= ACTIVITY_RESOLUTION.total_seconds():
            request.session[SEEN_AT_SESSION_KEY] = now
            note_activity(request)
