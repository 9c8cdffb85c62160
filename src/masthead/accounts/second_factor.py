"""Two-step sign-in for staff: an authenticator app's code or a passkey after the password.

Built on django-otp. A staff member sets up one authenticator app (TOTP) and
gets ten single-use backup codes with it, for the day the phone is lost, and
may add passkeys (:mod:`masthead.accounts.passkeys`) beside it or instead. Once
either is set up, every new sign-in asks for it before the admin opens; an
administrator can require it of every account (:class:`StaffSignInPolicy`).

Wrong codes are slowed down by django-otp itself: after each failure the
device refuses to check another code for twice as long as the last time
(1 s, 2 s, 4 s…), so a guessed six-digit code takes far longer than its
thirty-second life. Every failure is logged for the audit trail.
"""

import base64
import logging
import re
import secrets

import segno
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import passkeys
from .models import StaffSignInPolicy

logger = logging.getLogger("masthead.accounts")

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
# What people type: "123 456", "abcd-efgh", "ABCDEFGH". Spaces and dashes are
# only there to help reading.
SEPARATORS = re.compile(r"[\s\-]+")


def has_app(user) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_set_up(user) -> bool:
    """Whether signing in asks for a second factor: an app, a passkey, or both.

    Backup codes alone do not count: they come with the app and are for the
    day it is lost, not a way to sign in every day.
    """
    return has_app(user) or passkeys.has_passkey(user)


def is_required(request: HttpRequest) -> bool:
    return StaffSignInPolicy.load(request_or_site=request).require_second_factor


# What a session remembers of its user's second factor, so that a signed-in but
# unverified session does not ask the database on every page it opens.
MEMO_SESSION_KEY = "masthead_second_factor"
DEVICES_CACHE_KEY = "accounts:second-factor:devices:{}"
POLICY_CACHE_KEY = "accounts:second-factor:policy"


def _token(key: str) -> str:
    """The shared cache's random token for ``key``; a lost one is replaced by a new token.

    A token only ever changes or disappears, and a session's memo is trusted only
    while the token it was taken under is the current one: an evicted key, a
    cache restart or a cache that keeps nothing makes memos stale, never wrong.
    """
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        token = cache.get(key) or secrets.token_hex(8)
    return token


def _renew_now_and_after_commit(key: str) -> None:
    """A new token now, and again once the change is committed.

    A request in another process may read the old answer between the first
    renewal and the commit and remember it under the new token; the second
    renewal makes that memo stale too.
    """
    cache.set(key, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(key, secrets.token_hex(8), timeout=None))


def devices_changed(user_id) -> None:
    """The user's app was set up, confirmed, replaced or removed: every session asks again."""
    _renew_now_and_after_commit(DEVICES_CACHE_KEY.format(user_id))


def policy_changed() -> None:
    """The site's requirement changed: every session asks again."""
    _renew_now_and_after_commit(POLICY_CACHE_KEY)


def _memo(request: HttpRequest, field: str, compute) -> bool:
    """``compute()``, remembered in the session until the devices or the policy change.

    The tokens are read before ``compute()`` asks the database, so an answer
    computed just before a change is filed under the token the change renews.
    """
    user = request.user
    tokens = [str(user.pk), _token(DEVICES_CACHE_KEY.format(user.pk)), _token(POLICY_CACHE_KEY)]
    memo = request.session.get(MEMO_SESSION_KEY)
    if not isinstance(memo, dict) or memo.get("tokens") != tokens:
        memo = {"tokens": tokens}
    if field not in memo:
        memo[field] = bool(compute())
        request.session[MEMO_SESSION_KEY] = memo
    return memo[field]


def pending_verification(request: HttpRequest) -> bool:
    """A signed-in user whose second step this session has not passed yet."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return _memo(request, "set_up", lambda: is_set_up(user))


def required_of(request: HttpRequest) -> bool:
    """:func:`is_required`, remembered in the session like :func:`pending_verification`."""
    return _memo(request, "required", lambda: is_required(request))


def keep_verified(request: HttpRequest) -> None:
    """The session's device was just removed: it stays verified on one the user still has.

    It proved itself at sign-in; without this, removing the passkey you signed
    in with would ask for the second step again on the next page. Like
    django-otp-webauthn after adding a passkey, the session is filed under a
    device it did not use; with none left, nothing is owed.
    """
    device = next(iter(devices_for_user(request.user, confirmed=True)), None)
    if device is not None:
        otp_login(request, device)


def normalise_code(typed: str) -> str:
    return SEPARATORS.sub("", typed).lower()


VERIFIED, WRONG, SLOWED_DOWN = "verified", "wrong", "slowed down"


def verify_code(request: HttpRequest, typed: str) -> str:
    """Check a code from the app or a backup code; if right, mark the session verified.

    A six-digit code goes to the app's device and anything else to the backup
    codes, so that a typo in one does not slow down the other. Returns
    :data:`VERIFIED`, :data:`WRONG`, or :data:`SLOWED_DOWN` when the device
    refuses to check any code until its pause after wrong ones is over.
    """
    user = request.user
    code = normalise_code(typed)
    wants_app = code.isascii() and code.isdigit() and len(code) == 6
    for device in devices_for_user(user, confirmed=True):
        # Passkeys take no typed code; they verify through their own ceremony.
        if not isinstance(device, TOTPDevice | StaticDevice):
            continue
        if isinstance(device, TOTPDevice) != wants_app:
            continue
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            logger.warning("second factor: %s tried a code while slowed down", user)
            return SLOWED_DOWN
        if device.verify_token(code):
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                logger.warning("second factor: %s signed in with a backup code", user)
            return VERIFIED
    logger.warning("second factor: wrong code for %s", user)
    return WRONG


def start_set_up(user) -> TOTPDevice:
    """The unconfirmed app device a set-up page shows; a fresh key each time it starts."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_set_up(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32 groups of four, for apps that cannot scan the picture."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG picture (no script, nothing fetched).

    The app lists the account under ``OTP_TOTP_ISSUER``, the site's name.
    """
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, title="Set-up code for your authenticator app"
    )


@transaction.atomic
def finish_set_up(request: HttpRequest, device: TOTPDevice, typed: str) -> list[str] | None:
    """Confirm the app with its first code; the new backup codes, or None if the code is wrong."""
    if not device.verify_token(normalise_code(typed)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    logger.info("second factor: %s set up an authenticator app", device.user)
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with ten fresh ones, shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def turn_off(user) -> None:
    """Remove the app, the backup codes and the passkeys: the password alone signs in again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    passkeys.remove_all(user)
    logger.warning("second factor: turned off for %s", user)
