"""The language a newsletter mail or page is written in (editions, ``docs/editions.md``).

A subscriber is recorded with the edition they signed up in; a list may belong
to one edition. Their mails are written, dated and linked in that language:
the links lead to the newsletter pages under the edition's prefix
(``/hy/newsletters/…``), which then answer in it too. With one language every
helper here is a no-op, so mails and addresses are exactly as before.
"""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.utils import translation

from masthead.core.editions import (
    current_language,
    default_language,
    edition_languages,
    is_multilingual,
)


def served_language() -> str:
    """What to record for a sign-up: the request's edition, or nothing with one language."""
    return current_language() if is_multilingual() else ""


def usable(code: str) -> str:
    """``code`` when it is one of the editions served now, else the default language.

    A subscriber recorded in a language the site has since stopped serving is
    written to in the default language rather than in one without pages.
    """
    return code if code in edition_languages() else default_language()


def written_in(code: str):
    """A context that writes mails (words, dates, links) in ``code``'s edition.

    With one language nothing is switched, so the bytes are those of before.
    """
    if not is_multilingual():
        return nullcontext()
    return translation.override(usable(code))


def list_language(newsletter) -> str:
    """The language a list's editions are written in: its own, else the default."""
    return usable(getattr(newsletter, "language", "") or default_language())


@contextmanager
def for_list(newsletter) -> Iterator[None]:
    """:func:`written_in` for one list's editions (digests, alerts, hand-made ones)."""
    with written_in(list_language(newsletter)):
        yield


def lists_for_edition(queryset, code: str | None = None):
    """The lists offered in an edition: its own and those for every language."""
    if not is_multilingual():
        return queryset
    code = code or current_language()
    return queryset.filter(language__in=["", code])
