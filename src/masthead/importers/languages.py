"""The languages of a multilingual WordPress export, and which edition each post goes to.

Polylang keeps languages in WordPress taxonomies, so WordPress's own exporter
writes them into the WXR: a post names its language as a term of ``language``
(``<category domain="language" nicename="hy">``) and its translation group as
a term of ``post_translations`` (``nicename="pll_…"``), whose description,
declared in the channel, is a serialized PHP map of language → post ID.
Categories and tags are linked the same way through ``term_translations``
(language → term ID); the exporter does not write a term's own language.

Each Polylang language is mapped to one of the site's editions
(``MASTHEAD_LANGUAGES``): ``hy`` to ``hy``, ``en_us`` or ``en-gb`` to ``en``
when the site has ``en`` (and the other way round), ``pt`` to ``pt-br``.
A post in a language the site has no edition for is imported into the
default edition, with the report saying so: nothing is lost, and an editor
can move it once the edition exists. With one language everything goes into
it and the report lists the languages found.

WPML keeps languages in its own table (``icl_translations``), which
WordPress's exporter does not write: a WPML site's WXR has no language, so it
imports into the default edition, and the report says where the languages
went missing (see ``docs/wordpress-import.md``).
"""

import uuid
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Locale, Page

from masthead.core.editions import default_language, edition_languages, is_multilingual

from .models import WordPressItem
from .phpserial import SerializedError, unserialize
from .wxr import Item, Term

POLYLANG_TAXONOMIES = frozenset(
    {"language", "term_language", "post_translations", "term_translations"}
)
# Post meta only WPML writes: a sign the export lost its languages.
WPML_META_PREFIXES = ("_wpml_", "_icl_")
KEY_NAMESPACE = uuid.UUID("6f1d2c8e-3b7a-5e4f-9a61-2d8c0b7e4f15")


def normalised(code: str) -> str:
    """``en_US`` → ``en-us``: Polylang's slugs and locales in Django's spelling."""
    return code.strip().lower().replace("_", "-")


def edition_code(slug: str, locale: str, editions: list[str]) -> str | None:
    """The edition a Polylang language goes to, or ``None`` when the site has none for it.

    The slug and the language's locale (``en_GB`` in its term description) are
    tried as they are, then by language alone (``en-us`` → ``en``), then
    against editions with a region (``pt`` → ``pt-br``, the first such edition).
    """
    candidates = [code for code in (normalised(slug), normalised(locale)) if code]
    for code in candidates:
        if code in editions:
            return code
    for code in candidates:
        language = code.split("-")[0]
        if language in editions:
            return language
        regional = [edition for edition in editions if edition.split("-")[0] == language]
        if regional:
            return regional[0]
    return None


def translation_map(description: str) -> dict[str, int]:
    """``{"en": 12, "hy": 14}`` from a translation group's serialized description.

    Raises :class:`SerializedError` when the description is not a serialized
    array. Entries that are not ``language → ID`` (Polylang's ``"sync"``
    settings) are left out; an ID written as a string (``s:1:"1"``, which
    real exports have) is read as the number.
    """
    value = unserialize(description)
    if not isinstance(value, dict):
        raise SerializedError("not an array")
    members: dict[str, int] = {}
    for language, target in value.items():
        if isinstance(target, str) and target.isdigit():
            target = int(target)
        if isinstance(language, str) and isinstance(target, int) and not isinstance(target, bool):
            members[language] = target
    return members


@dataclass
class Language:
    """A Polylang language declared in the export (a term of ``language``)."""

    slug: str
    name: str
    locale: str = ""


class Languages:
    """What one run knows of the export's languages and translation groups."""

    def __init__(self, run):
        self.run = run
        self.declared: dict[str, Language] = {}
        self.post_groups: dict[str, dict[str, int]] = {}
        self.term_group_by_number: dict[int, str] = {}
        self.term_groups: dict[str, dict[str, int]] = {}
        self.posts_by_language: Counter = Counter()
        self.unmapped: Counter = Counter()
        self.wpml = False
        self._codes: dict[str, str | None] = {}
        self._locales: dict[str, Locale | None] = {}
        self._group_keys: dict[str, str] = {}

    # Reading ---------------------------------------------------------------

    def declare(self, term: Term) -> bool:
        """Take in a channel term of Polylang's; ``False`` for every other taxonomy."""
        if term.taxonomy not in POLYLANG_TAXONOMIES:
            return False
        if term.taxonomy == "language" and term.slug:
            locale = ""
            if term.description:
                try:
                    settings = unserialize(term.description)
                except SerializedError:
                    settings = None
                if isinstance(settings, dict) and isinstance(settings.get("locale"), str):
                    locale = settings["locale"]
            self.declared[term.slug] = Language(term.slug, term.name or term.slug, locale)
        elif term.taxonomy in ("post_translations", "term_translations") and term.slug:
            try:
                members = translation_map(term.description)
            except SerializedError as error:
                self.run.report.repair(
                    f"translation groups whose list of members could not be read ({error}): "
                    "posts are still linked by the group they name, categories are not"
                )
                members = {}
            if term.taxonomy == "post_translations":
                self.post_groups[term.slug] = members
            else:
                self.term_groups[term.slug] = members
                for number in members.values():
                    self.term_group_by_number[number] = term.slug
        return True

    @staticmethod
    def language_slug(item: Item) -> str:
        return next((slug for domain, slug, _ in item.categories if domain == "language"), "")

    @staticmethod
    def group_of(item: Item) -> str:
        """The item's ``post_translations`` group (``pll_…``), or ``""``."""
        return next(
            (slug for domain, slug, _ in item.categories if domain == "post_translations"), ""
        )

    def observe(self, item: Item) -> None:
        """Count the item's language for the report (and notice a WPML site's traces)."""
        slug = self.language_slug(item)
        if slug:
            self.posts_by_language[slug] += 1
        elif not self.wpml and any(key.startswith(WPML_META_PREFIXES) for key in item.meta):
            self.wpml = True

    # Editions --------------------------------------------------------------

    def code_for(self, slug: str) -> str | None:
        """The edition of a Polylang language (``None``: the site has none for it)."""
        if slug not in self._codes:
            declared = self.declared.get(slug)
            self._codes[slug] = edition_code(
                slug, declared.locale if declared else "", edition_languages()
            )
        return self._codes[slug]

    def locale_for(self, item: Item, kind: str) -> Locale | None:
        """The Locale an item goes into; ``None`` means the default tree, as before editions."""
        if not is_multilingual():
            return None
        slug = self.language_slug(item)
        if not slug:
            return None
        code = self.code_for(slug)
        if code is None:
            self.unmapped[slug] += 1
            self.run.report.repair(
                f"{kind} in {self.describe(slug)}, which is not an edition of this site, "
                f"imported into the default edition ({default_language()})"
            )
            return None
        if code == default_language():
            return None
        if code not in self._locales:
            self._locales[code] = Locale.objects.filter(language_code=code).first()
        return self._locales[code]

    def describe(self, slug: str) -> str:
        declared = self.declared.get(slug)
        return f"{declared.name} ({slug})" if declared and declared.name != slug else slug

    # Translation groups ----------------------------------------------------

    def group_key(self, group: str) -> str:
        """The ``translation_key`` the posts of a Polylang group share.

        One already given to the group by an earlier run (a member's page has
        it) is kept; else the first imported member's, in the order Polylang
        lists them, so that posts imported before languages were supported are
        linked without anything else moving; else one derived from the site
        and the group, the same on every run.
        """
        if group in self._group_keys:
            return self._group_keys[group]
        derived = str(uuid.uuid5(KEY_NAMESPACE, f"{self.run.source}|{group}"))
        members = [str(number) for number in self.post_groups.get(group, {}).values()]
        keys: list[str] = []
        if members:
            rows = WordPressItem.objects.filter(
                source=self.run.source,
                kind__in=(WordPressItem.Kind.POST, WordPressItem.Kind.PAGE),
                wp_id__in=members,
                page__isnull=False,
            ).values_list("wp_id", "page__translation_key")
            by_member = {wp_id: str(key) for wp_id, key in rows}
            keys = [by_member[member] for member in members if member in by_member]
        key = derived if derived in keys or not keys else keys[0]
        self._group_keys[group] = key
        return key

    def shared_key(self, item: Item, locale: Locale | None, own_page_id: int | None) -> str | None:
        """The key that links ``item`` to its translations, ``None`` when it cannot share one.

        Two versions of a page in one edition cannot share a key (Wagtail
        keeps one version per language): when a group has two posts that
        land in the same edition, the later one is imported unlinked, and the
        report says so.
        """
        group = self.group_of(item)
        if not group or not is_multilingual():
            return None
        key = self.group_key(group)
        locale_id = locale.pk if locale is not None else self.default_locale_id()
        taken = Page.objects.filter(translation_key=key, locale_id=locale_id)
        if own_page_id:
            taken = taken.exclude(pk=own_page_id)
        if taken.exists():
            self.run.report.repair(
                "translations that land in the same edition as another version of them "
                "imported unlinked (each edition holds one version of a story)"
            )
            return None
        return key

    def default_locale_id(self) -> int | None:
        if "" not in self._locales:
            self._locales[""] = Locale.objects.filter(language_code=default_language()).first()
        default = self._locales[""]
        return default.pk if default is not None else None

    def term_members(self, term: Term) -> list[str]:
        """The slugs of the categories ``term`` is a translation of (itself included)."""
        group = self.term_group_by_number.get(term.wp_number) if term.wp_number else None
        if group is None:
            return [term.slug]
        numbers = set(self.term_groups[group].values())
        categories = self.run.taxonomy.categories.values()
        return [term.slug] + [
            c.slug for c in categories if c.wp_number in numbers and c.slug != term.slug
        ]

    # The report ------------------------------------------------------------

    def summarise(self) -> None:
        """Say which languages the export had and where their posts went."""
        report = self.run.report
        if self.wpml and not self.posts_by_language:
            report.note(
                "The export comes from a site using WPML, which keeps languages in its own "
                "table: WordPress's exporter leaves them out, so every post was imported "
                "into the default edition (see docs/wordpress-import.md)."
            )
        if not self.posts_by_language:
            return
        found = ", ".join(
            f"{self.describe(slug)}: {count}"
            for slug, count in sorted(self.posts_by_language.items())
        )
        report.note(f"The export is multilingual (Polylang); posts and pages by language: {found}.")
        if not is_multilingual():
            report.note(
                "This site has one language, so every post and page was imported into it. "
                "To import each language into its own edition, set MASTHEAD_LANGUAGES "
                "(docs/editions.md), run masthead setup and import again."
            )
        elif self.unmapped:
            missing = ", ".join(self.describe(slug) for slug in sorted(self.unmapped))
            report.note(
                f"No edition for {missing}: those posts are in the default edition. Add the "
                "language to MASTHEAD_LANGUAGES and import again to move them."
            )


def section_rows(source: str, slugs: list[str]) -> Q:
    """The mapping rows of the sections made from any of ``slugs``, in every edition."""
    query = Q()
    for slug in slugs:
        query |= Q(wp_id=slug) | Q(wp_id__startswith=f"{slug}@")
    return Q(source=source, kind=WordPressItem.Kind.CATEGORY, page__isnull=False) & query
