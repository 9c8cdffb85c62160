"""Passkeys as a second factor for staff, beside the authenticator app.

Built on django-otp-webauthn: its views run the two WebAuthn ceremonies, its
JS (static files, no inline script, its settings in a non-executable JSON
element) talks to the browser, and its credential model is a django-otp
device, so a session that signs in with a passkey is verified exactly like one
that typed an app's code. Masthead only adds the name the staff member gives
the passkey, the admin address to go to afterwards, and the audit log.

A passkey never replaces the password here (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN``
is off): the ceremony after the password needs a signed-in user and only
accepts that user's own passkeys.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as library
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

logger = logging.getLogger("masthead.accounts")

NAME_SESSION_KEY = "masthead_passkey_name"
NAME_MAX_LENGTH = 64  # django-otp's Device.name
DEFAULT_NAME = "Passkey"

# The library's URL names, under the namespace its template tags reverse.
NAMESPACE = "otp_webauthn"
SIGN_IN_VIEWS = {
    f"{NAMESPACE}:credential-authentication-begin",
    f"{NAMESPACE}:credential-authentication-complete",
    f"{NAMESPACE}:js-i18n-catalog",
}
SET_UP_VIEWS = {
    f"{NAMESPACE}:credential-registration-begin",
    f"{NAMESPACE}:credential-registration-complete",
    f"{NAMESPACE}:js-i18n-catalog",
}


def request_origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def available(request: HttpRequest) -> bool:
    """Whether this page can offer passkeys: the browser would refuse them elsewhere.

    Off on a site with no relying party (plain HTTP, an IP address) and on
    any address but the site's own, such as 127.0.0.1 in development, whose
    passkeys live at localhost.
    """
    return request_origin(request) in settings.OTP_WEBAUTHN_ALLOWED_ORIGINS


def passkey_address() -> str:
    """Where passkeys work, to point a staff member there from another address."""
    origins = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS
    return origins[0] if origins else ""


def passkeys_of(user) -> QuerySet[WebAuthnCredential]:
    """The user's passkeys, most recently used first, for the list on the set-up page.

    Never-used ones come last on every database: PostgreSQL would put NULLs first.
    """
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
        F("last_used_at").desc(nulls_last=True), "-created_at"
    )


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def remember_name(request: HttpRequest, name: str) -> None:
    """The name typed before the browser's dialog, for the passkey that dialog makes."""
    request.session[NAME_SESSION_KEY] = name.strip()[:NAME_MAX_LENGTH] or DEFAULT_NAME


def pending_name(request: HttpRequest) -> str:
    return request.session.get(NAME_SESSION_KEY, "")


def remove(user, pk: int) -> WebAuthnCredential | None:
    """Delete one of ``user``'s passkeys; None if it is not theirs (or already gone)."""
    passkey = passkeys_of(user).filter(pk=pk).first()
    if passkey is not None:
        passkey.delete()
        logger.warning("second factor: %s removed the passkey %r", user, passkey.name)
    return passkey


def remove_all(user) -> None:
    """Part of turning two-step sign-in off: no passkey may outlive it."""
    WebAuthnCredential.objects.filter(user=user).delete()


class PasskeyHelper(WebAuthnHelper):
    """The library's ceremonies, with the name the staff member chose on the new passkey."""

    def create_credential(
        self, user, response, parsed_credential, original_data
    ) -> WebAuthnCredential:
        credential = super().create_credential(user, response, parsed_credential, original_data)
        credential.name = self.request.session.pop(NAME_SESSION_KEY, "") or DEFAULT_NAME
        return credential


class CeremonyStep:
    """What Masthead's four ceremony views add to the library's: a clear 4xx, quietly.

    The library reads a JSON body with ``json.loads``, which refuses bytes that
    are no UTF-8 (nor UTF-16 or -32) with a ``UnicodeDecodeError`` it does not
    catch: a 500. And it logs every credential it refuses, with the traceback,
    at ERROR (``OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME``, off in settings), so a
    broken authenticator or a forged request would page whoever is on call.
    Here a refusal is a WARNING with its reason, like a wrong code.
    """

    def _parse_request_data(self, request: HttpRequest):
        try:
            return super()._parse_request_data(request)
        except UnicodeDecodeError as error:
            raise exceptions.MalformedRequest() from error

    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            logger.warning(
                "second factor: passkey refused for %s at %s: %s (%s)",
                self.request.user,
                self.request.path,
                exc.code,
                exc.__cause__ or exc,
            )
        return super().handle_exception(exc)


@method_decorator(never_cache, name="dispatch")
class BeginRegistrationView(CeremonyStep, library.BeginCredentialRegistrationView):
    pass


@method_decorator(never_cache, name="dispatch")
class BeginAuthenticationView(CeremonyStep, library.BeginCredentialAuthenticationView):
    pass


@method_decorator(never_cache, name="dispatch")
class CompleteRegistrationView(CeremonyStep, library.CompleteCredentialRegistrationView):
    """Saves the passkey (the library), then says so on the page the browser goes back to."""

    def post(self, *args, **kwargs) -> HttpResponse:
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            logger.info("second factor: %s added a passkey", self.request.user)
            messages.success(self.request, "Your passkey is added.")
        return response


@method_decorator(never_cache, name="dispatch")
class CompleteAuthenticationView(CeremonyStep, library.CompleteCredentialAuthenticationView):
    """Checks the passkey and verifies the session (the library); then only an admin page."""

    def get_success_url(self) -> str:
        from .views import admin_next

        return admin_next(self.request)

    def complete_auth(self, device) -> None:
        super().complete_auth(device)
        logger.info("second factor: %s signed in with the passkey %r", device.user, device.name)


# Mounted under the admin (wagtail_hooks): the verify page's session, signed in
# but not yet verified, must reach the sign-in ceremony, which the second-factor
# middleware lets through like the verify page itself.
urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        BeginAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
