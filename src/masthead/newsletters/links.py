"""Signed links in the mails: confirm, manage preferences, unsubscribe.

Links carry the subscriber's random key (never the address or a row id), signed
with the site's SECRET_KEY, so they cannot be guessed or altered. Each kind of
link has its own salt: a preference link cannot be replayed as a confirmation.
Confirmation links expire; preference and unsubscribe links keep working for as
long as the subscriber exists, because unsubscribing must never need a fresh mail.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "masthead.newsletters.confirm"
MANAGE_SALT = "masthead.newsletters.manage"
UNSUBSCRIBE_SALT = "masthead.newsletters.unsubscribe"


class BadLink(Exception):
    """The link was altered, truncated, or has expired."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class ConfirmRequest:
    key: str
    list_ids: tuple[int, ...]
    name: str


@dataclass(frozen=True)
class UnsubscribeRequest:
    key: str
    list_id: int | None
    edition_id: int | None


def confirmation_max_age() -> timedelta:
    return timedelta(days=getattr(settings, "NEWSLETTER_CONFIRMATION_DAYS", 7))


def absolute_url(path: str) -> str:
    """``path`` on the public site, for mails (which have no request to resolve it against)."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def _loads(token: str, salt: str, max_age: timedelta | None = None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink() from None


# Confirm -------------------------------------------------------------------


def confirm_token(key: str, list_ids: list[int], name: str = "") -> str:
    return signing.dumps({"k": key, "l": sorted(list_ids), "n": name}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> ConfirmRequest:
    data = _loads(token, CONFIRM_SALT, confirmation_max_age())
    try:
        return ConfirmRequest(
            key=str(data["k"]), list_ids=tuple(int(i) for i in data["l"]), name=str(data["n"])
        )
    except (KeyError, TypeError, ValueError):
        raise BadLink() from None


def confirm_url(key: str, list_ids: list[int], name: str = "") -> str:
    token = confirm_token(key, list_ids, name)
    return absolute_url(reverse("newsletters:confirm", args=[token]))


# Manage --------------------------------------------------------------------


def manage_token(key: str) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign(key)


def read_manage_token(token: str) -> str:
    try:
        return signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature:
        raise BadLink() from None


def manage_url(key: str) -> str:
    return absolute_url(reverse("newsletters:manage", args=[manage_token(key)]))


# Unsubscribe ---------------------------------------------------------------


def unsubscribe_token(key: str, list_id: int | None, edition_id: int | None = None) -> str:
    """``list_id`` None means every list (used in mails that belong to no list)."""
    value = f"{key}.{list_id or 0}.{edition_id or 0}"
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(value)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
        key, list_id, edition_id = value.rsplit(".", 2)
        return UnsubscribeRequest(key, int(list_id) or None, int(edition_id) or None)
    except (signing.BadSignature, ValueError):
        raise BadLink() from None


def unsubscribe_url(key: str, list_id: int | None, edition_id: int | None = None) -> str:
    token = unsubscribe_token(key, list_id, edition_id)
    return absolute_url(reverse("newsletters:unsubscribe", args=[token]))
