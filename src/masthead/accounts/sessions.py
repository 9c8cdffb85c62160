"""Signed-in sessions: recorded at sign-in, listed to their owner, ended on request.

A stolen session cookie is as good as a password and a second factor together;
the owner's defence is to see every browser signed in as them and sign the
strangers out. Ending a session deletes it from whichever session engine is
configured (database or cache), so the cookie stops working at once.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from masthead.core.addresses import client_address

from .models import SignedInSession

# "Last seen" is written at most this often, not on every admin request.
ACTIVITY_RESOLUTION = timedelta(minutes=5)
USER_AGENT_CHARS = SignedInSession._meta.get_field("user_agent").max_length

# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def record_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """``user_logged_in`` receiver: remember this browser's session."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if not session_key:
        return
    now = timezone.now()
    SignedInSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "signed_in_at": now,
            "last_seen_at": now,
            "ip_address": client_address(request),
            "user_agent": request.headers.get("User-Agent", "")[:USER_AGENT_CHARS],
        },
    )


def forget_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """``user_logged_out`` receiver: the session ends, so does its record."""
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


def note_activity(request: HttpRequest) -> None:
    """Keep "last seen" roughly current for the signed-in browser making this request.

    Sessions that began before records were kept get their record here, dated
    from their first request since.
    """
    session_key = request.session.session_key
    if not session_key:
        return
    now = timezone.now()
    updated = SignedInSession.objects.filter(
        session_key=session_key, last_seen_at__lt=now - ACTIVITY_RESOLUTION
    ).update(last_seen_at=now, ip_address=client_address(request))
    if not updated and not SignedInSession.objects.filter(session_key=session_key).exists():
        record_sign_in(None, request, request.user)


def sessions_of(user) -> list[SignedInSession]:
    """The user's sessions that still exist in the session engine, newest activity first.

    Records whose session expired or was cleared are dropped on the way.
    """
    store = _session_store()
    alive, gone = [], []
    for record in SignedInSession.objects.filter(user=user):
        data = store(session_key=record.session_key).load()
        (alive if _signs_in(data, user) else gone).append(record.pk)
    if gone:
        SignedInSession.objects.filter(pk__in=gone).delete()
    return list(SignedInSession.objects.filter(pk__in=alive))


def _signs_in(session_data: dict, user) -> bool:
    """Whether the session still opens the admin as ``user``.

    A password change leaves other sessions in the store but makes Django refuse
    them (their password hash no longer matches), so they are no longer listed.
    """
    return session_data.get(SESSION_KEY) == str(user.pk) and constant_time_compare(
        session_data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    )


def end_session(record: SignedInSession) -> None:
    """Sign that browser out: its cookie no longer opens a session."""
    _session_store()().delete(record.session_key)
    record.delete()


def end_other_sessions(user, current_session_key: str | None) -> int:
    """Sign the user out everywhere but here; how many sessions were ended."""
    ended = 0
    for record in SignedInSession.objects.filter(user=user).exclude(
        session_key=current_session_key or ""
    ):
        end_session(record)
        ended += 1
    return ended


def browser_label(user_agent: str) -> str:
    """ "Firefox on Windows": enough for a person to recognise their own browser."""
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
