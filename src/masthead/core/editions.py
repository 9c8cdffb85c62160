"""Editions: one newsroom publishing in several languages (``MASTHEAD_LANGUAGES``).

With one language (the setting unset or naming one code) nothing here does
anything: no URL prefix, no ``Locale`` switch, the page cache's keys and every
page's bytes are as before. With two or more, Wagtail's i18n is on
(``WAGTAIL_I18N_ENABLED``), each language has its own home page tree, a
translation of the site's home page, and its pages live under a prefix
(``/hy/…``), except the first, the default language, whose pages keep their
unprefixed addresses. The language of a request is read from its path alone,
never from cookies or ``Accept-Language``: a cached page is the same for
every reader, and two languages never share an address, so never a page-cache
entry (see ``docs/editions.md``).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Scripts written right to left, by language code (without region).
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "ug", "sd"}


def configured_languages(value: str) -> list[str]:
    """The codes of ``MASTHEAD_LANGUAGES`` (``en,hy``), lowercase, each once, in order."""
    codes: list[str] = []
    for item in value.split(","):
        code = item.strip().lower().replace("_", "-")
        if code and code not in codes:
            codes.append(code)
    return codes


def language_name(code: str) -> str:
    """The language's own name for itself (``Հայերեն`` for ``hy``), as readers look for it."""
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0])
    if info is None:
        raise ValueError(f"{code!r} is not a language Django knows.")
    name = info.get("name_local", info["name"])
    return name[:1].upper() + name[1:]  # Django has some in lower case: հայերեն


def is_multilingual() -> bool:
    """Whether editions are on: Wagtail's i18n with two or more content languages."""
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False)) and (len(edition_languages()) > 1)


def edition_languages() -> list[str]:
    """The editions' language codes, the default first."""
    return [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])]


def default_language() -> str:
    return settings.LANGUAGE_CODE


def text_direction(code: str) -> str:
    return "rtl" if code.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


def language_tag(code: str) -> str:
    """BCP 47 (``en-US`` from ``en-us``), for ``hreflang``, JSON-LD and ``lang``."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def page_language(page) -> str:
    """The language ``page`` is written in: its locale's with editions on, else the site's."""
    if is_multilingual() and page is not None and getattr(page, "locale_id", None):
        return page.locale.language_code
    return settings.LANGUAGE_CODE


def language_from_path(path: str) -> str:
    """The edition of an address: its first segment when that names an edition, else the default."""
    first = path.lstrip("/").split("/", 1)[0].lower()
    if first in edition_languages() and first != default_language():
        return first
    return default_language()


def current_language() -> str:
    """The edition being served: the address's (activated by the middleware), else the default.

    Outside a request (the worker, a command) no edition is active and this
    is the default language, so reverse() and the helpers below agree.
    """
    if not is_multilingual():
        return default_language()
    code = (translation.get_language() or "").lower()
    return code if code in edition_languages() else default_language()


def in_edition(page, relation: str = "") -> Q:
    """The rows in ``page``'s edition, to filter what readers are shown (all with one language).

    The one filter every reader list goes through where the page tree does
    not already separate the editions (a tag or an author spans sections,
    related stories and search span the site). ``relation`` leads from the
    rows to the page model (``target__``). With one language this is an
    empty ``Q``, which leaves the query exactly as it was.
    """
    if not is_multilingual() or page is None or not getattr(page, "locale_id", None):
        return Q()
    return Q(**{f"{relation}locale_id": page.locale_id})


def in_served_edition(relation: str = "") -> Q:
    """:func:`in_edition` for what has no page of its own (search): the address's edition."""
    if not is_multilingual():
        return Q()
    from wagtail.models import Locale

    locale_id = (
        Locale.objects.filter(language_code=current_language()).values_list("pk", flat=True).first()
    )
    return Q(**{f"{relation}locale_id": locale_id})


def edition_home(root):
    """``root`` (a site's home page) in the edition being served: its live translation.

    Lists that start from the site (the menu, the feeds) start from here, so
    an Armenian reader's are the Armenian tree's. With one language, or when
    the edition has no live home, ``root`` itself.
    """
    if not is_multilingual() or root is None:
        return root
    code = current_language()
    if getattr(root, "locale_id", None) and root.locale.language_code == code:
        return root
    from wagtail.models import Page

    version = (
        Page.objects.live()
        .filter(translation_key=root.translation_key, locale__language_code=code)
        .first()
    )
    return version.specific if version is not None else root


def ensure_locales() -> list:
    """A ``Locale`` row for every edition's language (editions on only); the ones it made.

    A site that had one language has one Locale, which Wagtail's migration
    named after ``LANGUAGE_CODE`` as it then was (``en`` for ``en-us``, but
    ``en-gb`` for ``en-gb``). When that code is not one of the editions and
    the default edition has no Locale yet, the existing one is renamed to the
    default language, so that every existing page is in the default edition
    rather than in a Locale no edition serves. Nothing is deleted or moved.
    """
    if not is_multilingual():
        return []
    from wagtail.models import Locale

    languages = edition_languages()
    if not Locale.objects.filter(language_code=default_language()).exists():
        orphans = Locale.objects.exclude(language_code__in=languages)
        if orphans.count() == 1:
            orphans.update(language_code=default_language())
    made = []
    for code in languages:
        _locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            made.append(_locale)
    return made


class EditionPrefix:
    """A URL pattern matching the served edition's prefix: ``hy/``, nothing for the default.

    Django's ``LocalePrefixPattern`` (what ``i18n_patterns`` makes) does the
    same, but only in the root URLconf. Search and feeds are in the apps'
    own URLconfs, next to views that stay unprefixed (sitemaps, robots.txt,
    oEmbed), so they take this instead: with it ``/hy/search/`` and
    ``/hy/feeds/rss/`` exist and ``reverse()`` gives them while the Armenian
    edition is served. With one language the prefix is always empty, and
    every address is what it was.
    """

    def __init__(self):
        self.converters: dict = {}

    @property
    def language_prefix(self) -> str:
        code = current_language()
        return "" if code == default_language() else f"{code}/"

    @property
    def regex(self) -> re.Pattern:
        # Only reverse() reads it, and caches its answer per active language.
        return re.compile(re.escape(self.language_prefix))

    def match(self, path: str):
        prefix = self.language_prefix
        if path.startswith(prefix):
            return path.removeprefix(prefix), (), {}
        return None

    def check(self) -> list:
        return []

    def describe(self) -> str:
        return f"'{self}'"

    def __str__(self) -> str:
        return self.language_prefix


def edition_routes(patterns: list) -> list:
    """``patterns`` once per edition, under its prefix (as they are with one language)."""
    from django.urls.resolvers import URLResolver

    return [URLResolver(EditionPrefix(), list(patterns))]


class EditionLanguageMiddleware:
    """Activate the language of the address's edition (editions on only).

    Django's ``LocaleMiddleware`` would also read cookies and ``Accept-Language``
    and add ``Vary: Accept-Language``; here the path alone decides, so that the
    page cache above, which keys by address, never mixes languages. With one
    language it passes every request through untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_multilingual():
            return self.get_response(request)
        language = language_from_path(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
