"""Each edition's home page tree, and the published translations of a page.

Editions are Wagtail locales (``masthead.core.editions``): an edition's home
page is a translation of the site's home page (same ``translation_key``), and
Wagtail serves ``/hy/…`` from it. Stories are translated in the admin with
"Translate" (``wagtail.contrib.simple_translation``), which copies the story,
pictures, tags and other fields included, as a draft under the translated
section.
"""

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished

from masthead.caching.frontend import Shown, register_address_source
from masthead.caching.invalidation import invalidate
from masthead.caching.tags import declare, declared_tags
from masthead.core.editions import (
    edition_languages,
    ensure_locales,
    is_multilingual,
    language_name,
    language_tag,
)

from .models import AuthorIndexPage, TagIndexPage


@dataclass(frozen=True)
class Translation:
    """One published version of a page in another language, as readers are shown it."""

    language: str  # the locale's code: hy
    tag: str  # BCP 47: hy, en-GB
    name: str  # the language's own name: Հայերեն
    page: Page

    @property
    def url(self) -> str:
        return self.page.url


def _edition_order(code: str) -> int:
    languages = edition_languages()
    return languages.index(code) if code in languages else len(languages)


TRANSLATIONS_TAG = "translations:"


def translations_tag(translation_key) -> str:
    """The page-cache tag of pages that list the versions of one page ("Also in", hreflang)."""
    return f"{TRANSLATIONS_TAG}{translation_key}"


def published_translations(
    page: Page, inclusive: bool = False, request: HttpRequest | None = None
) -> list[Translation]:
    """The page's live, public versions in the other editions (none with one language).

    With ``request``, the response is declared to show them: publishing or
    unpublishing any version refreshes every version's cached page.
    """
    if not is_multilingual() or page is None or not getattr(page, "translation_key", None):
        return []
    if request is not None and declared_tags(request) is not None:
        # Only a response already meant for the cache: declaring makes one cacheable.
        declare(request, translations_tag(page.translation_key))
    versions = (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .public()
        .select_related("locale")
    )
    if not inclusive:
        versions = versions.exclude(pk=page.pk)
    found = [
        Translation(
            language=version.locale.language_code,
            tag=language_tag(version.locale.language_code),
            name=language_name(version.locale.language_code),
            page=version,
        )
        for version in versions
        if version.locale.language_code in edition_languages()
    ]
    return sorted(found, key=lambda translation: _edition_order(translation.language))


@transaction.atomic
def ensure_edition_homes() -> list[Page]:
    """A published home page (with /authors/ and /tags/) for every edition of every site.

    Each is a copy of the site's home page for translation, so Wagtail serves
    the edition's prefix from it; editors then translate sections and stories.
    Changes nothing with one language, nor for editions that have their home.
    """
    if not is_multilingual():
        return []
    ensure_locales()
    made: list[Page] = []
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.specific
        for code in edition_languages():
            locale = Locale.objects.get(language_code=code)
            if root.locale_id == locale.pk or root.has_translation(locale):
                continue
            home = root.copy_for_translation(locale)
            home.save_revision().publish(log_action=False)
            made.append(home)
            for index in root.get_children().type(AuthorIndexPage, TagIndexPage).specific():
                if not index.has_translation(locale):
                    copy = index.copy_for_translation(locale)
                    copy.save_revision().publish(log_action=False)
                    made.append(copy)
    return made


def other_edition_homes() -> dict[str, list[Page]]:
    """Each edition's home pages but the default edition's, by the language's own name."""
    homes: dict[str, list[Page]] = {}
    if not is_multilingual():
        return homes
    default = edition_languages()[0]
    for site in Site.objects.select_related("root_page"):
        for translation in site.root_page.get_translations().select_related("locale"):
            code = translation.locale.language_code
            if code != default and code in edition_languages():
                homes.setdefault(language_name(code), []).append(translation)
    return homes


def version_published_or_unpublished(sender, instance, **kwargs) -> None:
    if is_multilingual() and getattr(instance, "translation_key", None):
        invalidate({translations_tag(instance.translation_key)})


def pages_showing(tag: str) -> Shown | None:
    """The live versions of a page, for a cache in front to purge when one comes or goes."""
    if not tag.startswith(TRANSLATIONS_TAG):
        return None
    key = tag.removeprefix(TRANSLATIONS_TAG)
    return Shown(pages=list(Page.objects.filter(translation_key=key).live().specific()))


def connect() -> None:
    page_published.connect(version_published_or_unpublished, dispatch_uid="news-editions-published")
    page_unpublished.connect(
        version_published_or_unpublished, dispatch_uid="news-editions-unpublished"
    )
    register_address_source(pages_showing)
