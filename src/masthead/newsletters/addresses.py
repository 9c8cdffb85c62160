"""Checking the addresses and names readers type, before anything is stored or mailed.

Every problem becomes a :class:`~django.core.exceptions.ValidationError` with a
message a reader understands. Names and addresses end up in mail headers, so
anything that could break a header line (line breaks, control characters) is
refused here, and Django's mail classes refuse it once more when sending.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from masthead.core.text import refused_characters

MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 100

# Throwaway-inbox services: signing up with one is almost always a bot or a
# reader who will never read the newsletter. A short list of the common ones,
# plus words such services put in their domain names.
DISPOSABLE_DOMAINS = frozenset(
    {
        "10minutemail.com",
        "discard.email",
        "dispostable.com",
        "fakeinbox.com",
        "getnada.com",
        "guerrillamail.com",
        "guerrillamail.net",
        "maildrop.cc",
        "mailinator.com",
        "mailnesia.com",
        "mintemail.com",
        "mohmal.com",
        "sharklasers.com",
        "spamgourmet.com",
        "temp-mail.org",
        "tempmail.com",
        "tempr.email",
        "throwawaymail.com",
        "trashmail.com",
        "yopmail.com",
    }
)
DISPOSABLE_WORDS = ("tempmail", "temp-mail", "throwaway", "trashmail", "disposable", "10minute")
# Reserved names that never receive mail (RFC 2606 / RFC 6761).
UNDELIVERABLE_SUFFIXES = (".invalid", ".localhost", ".local")


def normalize_email(value: str) -> str:
    """One spelling per mailbox: surrounding space removed, lower case throughout."""
    return unicodedata.normalize("NFC", value or "").strip().lower()


def looks_disposable(domain: str) -> bool:
    labels = domain.split(".")
    parents = {".".join(labels[i:]) for i in range(len(labels) - 1)}
    return bool(parents & DISPOSABLE_DOMAINS) or any(word in domain for word in DISPOSABLE_WORDS)


def clean_email(value: str) -> str:
    """The normalised address, or a ValidationError saying what is wrong with it."""
    email = normalize_email(value)
    if not email:
        raise ValidationError(_("Enter your e-mail address."), code="required")
    if refused_characters(email, direction_marks=False) or any(char.isspace() for char in email):
        raise ValidationError(_("An e-mail address cannot contain spaces or line breaks."))
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(_("That address is too long to be a real e-mail address."))
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("That does not look like an e-mail address. Check it reads like name@example.org."),
            code="invalid",
        ) from None
    domain = email.rsplit("@", 1)[1]
    if domain.endswith(UNDELIVERABLE_SUFFIXES) or "." not in domain:
        raise ValidationError(_("Mail cannot be delivered to that domain. Check the address."))
    if looks_disposable(domain):
        raise ValidationError(
            _("That looks like a throwaway address. Please use an address you will keep reading."),
            code="disposable",
        )
    return email


def clean_name(value: str) -> str:
    """The name with surrounding space removed; line breaks and control characters refused."""
    name = unicodedata.normalize("NFC", value or "").strip()
    if refused_characters(name):
        raise ValidationError(_("Your name cannot contain line breaks or control characters."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Please keep your name under %(limit)s characters.") % {"limit": MAX_NAME_LENGTH}
        )
    if any(char in name for char in "<>@"):
        raise ValidationError(_("Your name cannot contain <, > or @."))
    return name


def clean_subject(value: str) -> str:
    """A subject line on one line: the editor's line breaks become spaces."""
    return " ".join((value or "").split())
