"""WordPress categories and tags, mapped onto Masthead's sections and tags.

A Masthead story lives in exactly one section, a WordPress post in any number
of categories, arranged in a tree. The mapping (see docs/wordpress-import.md):

* the post's first category decides its section: the *top-level* ancestor of
  that category (a post in News › Local goes to the News section);
* every other category the post is in, and the first one when it is not
  top-level, becomes a tag, so nothing the newsroom filed under is lost;
* a post with no category goes to the section of WordPress's default category,
  "Uncategorized";
* WordPress tags stay tags.

Old category addresses redirect to the section (top-level) or tag (the rest).
Sections and tags are created the first time a post needs them, each in its own
transaction, so an interrupted run leaves only whole sections behind.
"""

from dataclasses import dataclass, field
from urllib.parse import unquote

from django.db import transaction
from taggit.models import Tag
from wagtail.models import Locale, Page

from masthead.core.editions import is_multilingual
from masthead.news.authoring import add_section
from masthead.news.models import SectionPage, TagIndexPage
from masthead.news.slugs import slugify_headline, unique_slug

from .languages import section_rows
from .mapping import find_item, fingerprint, record_item
from .models import WordPressItem
from .redirects import RedirectWriter, feed_url
from .wxr import Item, Term

DEFAULT_CATEGORY = Term(
    taxonomy="category", slug="uncategorized", name="Uncategorized", wp_number=1
)
TAG_NAME_MAX = 100
MAX_CATEGORY_DEPTH = 50
# First-level addresses that Masthead's own URLs answer before the page tree.
RESERVED_SLUGS = frozenset(
    {"admin", "documents", "media", "static", "feeds", "embed", "oembed", "authors", "tags"}
)


@dataclass
class Placement:
    """Where one post goes: its section's category and the tags its categories add."""

    section_term: Term
    tags: list[str] = field(default_factory=list)


class Taxonomy:
    def __init__(self, run):
        self.run = run
        self.categories: dict[str, Term] = {}
        self.tags: dict[str, Term] = {}
        self.sections: dict[str, SectionPage | None] = {}
        self.tag_slugs_done: set[str] = set()
        self.tag_index: TagIndexPage | None = None

    def declare(self, term: Term) -> None:
        if not term.slug:
            return
        if term.taxonomy == "category":
            self.categories[term.slug] = term
        elif term.taxonomy == "post_tag":
            self.tags[term.slug] = term

    # Mapping ---------------------------------------------------------------

    def ancestry(self, slug: str) -> list[Term]:
        """The category and its ancestors, top-level first (cycles and gaps tolerated)."""
        chain: list[Term] = []
        seen: set[str] = set()
        while slug and slug not in seen and len(chain) < MAX_CATEGORY_DEPTH:
            seen.add(slug)
            term = self.categories.get(slug)
            if term is None:
                break
            chain.append(term)
            slug = term.parent_slug
        return list(reversed(chain))

    def term_for(self, slug: str, name: str) -> Term:
        return self.categories.get(slug) or Term(
            taxonomy="category", slug=slug, name=name or slug, wp_number=None
        )

    def default_category(self) -> Term:
        return self.categories.get(DEFAULT_CATEGORY.slug, DEFAULT_CATEGORY)

    def place(self, item: Item) -> Placement:
        categories = [
            (slug, name) for domain, slug, name in item.categories if domain == "category"
        ]
        tags = [name for domain, _slug, name in item.categories if domain == "post_tag"]
        if not categories:
            return Placement(self.default_category(), self.clean_tags(tags))
        primary = self.term_for(*categories[0])
        chain = self.ancestry(primary.slug) or [primary]
        top = chain[0]
        extra = [primary.name] if primary.slug != top.slug else []
        extra += [name for slug, name in categories[1:] if slug != top.slug]
        return Placement(top, self.clean_tags(extra + tags))

    def clean_tags(self, names: list[str]) -> list[str]:
        cleaned: list[str] = []
        for name in names:
            name = " ".join(name.split())
            if len(name) > TAG_NAME_MAX:
                self.run.report.repair("tag names over 100 characters shortened")
                name = name[:TAG_NAME_MAX].rstrip()
            if name and name.lower() not in {c.lower() for c in cleaned}:
                cleaned.append(name)
        return cleaned

    def category_paths(self, term: Term) -> list[str]:
        """``/category/news/local/`` and ``/category/local/``: WordPress answers both."""
        chain = self.ancestry(term.slug) or [term]
        paths = ["/category/" + "/".join(t.slug for t in chain) + "/"]
        if len(chain) > 1:
            paths.append(f"/category/{term.slug}/")
        return paths

    # Sections --------------------------------------------------------------

    def section_for(self, term: Term, locale: Locale | None = None) -> SectionPage | None:
        """The section for a top-level category, created on first use (``None`` in a dry run).

        ``locale`` is the edition of the post that needs it (``None``: the
        default tree, as with one language): a story lives under its own
        edition's home, so a category used in two editions has a section in
        each, linked as translations of each other.
        """
        if locale is not None:
            return self._edition_section(term, locale)
        if term.slug in self.sections:
            return self.sections[term.slug]
        run, report = self.run, self.run.report
        existing = find_item(run.source, WordPressItem.Kind.CATEGORY, term.slug)
        section = None
        if existing is not None and existing.page_id:
            section = SectionPage.objects.filter(pk=existing.page_id).first()
        if section is None and run.home is not None:
            slug = slugify_headline(unquote(term.slug) or term.name)
            section = SectionPage.objects.child_of(run.home).filter(slug=slug).first()
            if section is not None:
                report.note(f"Category “{term.name}” was matched to the existing section.")
        if section is not None:
            report.count("sections", "unchanged")
            if not run.dry_run and (existing is None or existing.page_id != section.pk):
                with transaction.atomic():
                    self._record_category(term, existing, page=section)
        elif run.dry_run or run.home is None:
            report.count("sections", "created")
        else:
            section = self._create_section(term, existing, run.home)
            report.count("sections", "created")
        self.sections[term.slug] = section
        return section

    def _edition_section(self, term: Term, locale: Locale) -> SectionPage | None:
        """:meth:`section_for` in another edition than the default one.

        Its mapping row is the category's own (``wp_id`` the slug) when the
        category has no section yet, so that its old address leads here;
        else ``slug@hy``, and the old address keeps leading to the first.
        """
        key = f"{term.slug}@{locale.language_code}"
        if key in self.sections:
            return self.sections[key]
        run, report = self.run, self.run.report
        home = run.home.get_translation_or_none(locale) if run.home is not None else None
        own = find_item(run.source, WordPressItem.Kind.CATEGORY, term.slug)
        edition = find_item(run.source, WordPressItem.Kind.CATEGORY, key)
        section = None
        for row in (own, edition):
            if section is None and row is not None and row.page_id:
                section = SectionPage.objects.filter(pk=row.page_id, locale=locale).first()
        if section is None and home is not None:
            slug = slugify_headline(unquote(term.slug) or term.name)
            section = SectionPage.objects.child_of(home).filter(slug=slug).first()
            if section is not None:
                report.note(f"Category “{term.name}” was matched to the existing section.")
        row_key, row = (term.slug, own) if own is None or not own.page_id else (key, edition)
        if section is not None:
            report.count("sections", "unchanged")
            mapped = {r.page_id for r in (own, edition) if r is not None}
            if not run.dry_run and section.pk not in mapped:
                with transaction.atomic():
                    self._record_category(term, row, page=section, wp_id=row_key)
        elif home is None and not run.dry_run:
            report.repair(
                "posts of an edition without a home page imported into the default edition "
                "(run masthead setup first)"
            )
            section = self.section_for(term)
        elif run.dry_run or home is None:
            report.count("sections", "created")
        else:
            section = self._create_section(term, row, home, wp_id=row_key)
            report.count("sections", "created")
        self.sections[key] = section
        return section

    def _create_section(
        self, term: Term, existing: WordPressItem | None, home: Page, wp_id: str = ""
    ) -> SectionPage:
        base = slugify_headline(unquote(term.slug) or term.name)
        taken = set(
            home.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug = unique_slug(base, taken | RESERVED_SLUGS)
        if slug != base:
            self.run.report.repair("section address already taken: numbered")
        with transaction.atomic():
            section = add_section(home, term.name or term.slug, term.description, slug=slug)
            self._link_translations(term, section)
            self._record_category(term, existing, page=section, wp_id=wp_id)
        return section

    def _link_translations(self, term: Term, section: SectionPage) -> None:
        """Give a new section the ``translation_key`` of its versions in the other editions.

        Its versions are the sections made from the same category, or from
        the categories Polylang links to it (``term_translations``). Existing
        sections keep their key: editors may have translated them already.
        """
        if not is_multilingual():
            return
        members = self.run.languages.term_members(term)
        keys = (
            WordPressItem.objects.filter(section_rows(self.run.source, members))
            .exclude(page_id=section.pk)
            .order_by("pk")
            .values_list("page__translation_key", flat=True)
        )
        for key in keys:
            if not Page.objects.filter(translation_key=key, locale_id=section.locale_id).exists():
                Page.objects.filter(pk=section.pk).update(translation_key=key)
                section.translation_key = key
                return

    def _record_category(
        self, term: Term, existing, page=None, link: str = "", wp_id: str = ""
    ) -> None:
        wp_id = wp_id or term.slug
        record_item(
            existing,
            source=self.run.source,
            kind=WordPressItem.Kind.CATEGORY,
            wp_id=wp_id,
            content_hash=fingerprint({"name": term.name, "page": page.pk if page else None}),
            wp_number=term.wp_number,
            page=page,
            target_url=link,
        )
        if wp_id != term.slug:
            return  # another edition's section of the category: its address leads to the first
        redirects = RedirectWriter(self.run)
        for path in self.category_paths(term):
            if page is not None:
                redirects.add_page(path, page)
                redirects.add_link(f"{path}feed/", feed_url("section", page.url, slug=page.slug))
            else:
                redirects.add_link(path, link)
        redirects.save()

    # Tags ------------------------------------------------------------------

    def ensure_tag_links(self, item: Item, placement: Placement) -> None:
        """Old ``/tag/…/`` and child-category addresses → the tag's page (once per run)."""
        run = self.run
        if run.dry_run or run.home is None:
            return
        wanted: list[tuple[str, str, Term | None]] = []
        for domain, slug, name in item.categories:
            if domain == "post_tag" and slug and f"tag:{slug}" not in self.tag_slugs_done:
                wanted.append(("tag", slug, None))
            elif (
                domain == "category"
                and slug
                and slug != placement.section_term.slug
                and f"category:{slug}" not in self.tag_slugs_done
            ):
                wanted.append(("category", slug, self.term_for(slug, name)))
        if not wanted:
            return
        if self.tag_index is None:
            self.tag_index = TagIndexPage.objects.child_of(run.home).first()
            if self.tag_index is None:
                return
        tag_index = self.tag_index
        for taxonomy, slug, term in wanted:
            key = f"{taxonomy}:{slug}"
            if key in self.tag_slugs_done:
                continue
            self.tag_slugs_done.add(key)
            cleaned = self.clean_tags([(term.name if term else self.tag_name(item, slug)) or slug])
            if cleaned:
                self._tag_redirects(taxonomy, slug, cleaned[0], term, tag_index)

    def tag_name(self, item: Item, slug: str) -> str:
        declared = self.tags.get(slug)
        if declared:
            return declared.name
        return next((n for d, s, n in item.categories if d == "post_tag" and s == slug), slug)

    def _tag_redirects(self, taxonomy: str, slug: str, name: str, term, tag_index) -> None:
        run = self.run
        with transaction.atomic():
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            link = (tag_index.get_url(None) or "/tags/") + tag_index.url_for_tag(tag)
            if taxonomy == "category":
                existing = find_item(run.source, WordPressItem.Kind.CATEGORY, slug)
                if existing is not None and existing.page_id:
                    return
                self._record_category(term, existing, link=link)
                return
            kind = WordPressItem.Kind.TAG
            existing = find_item(run.source, kind, slug)
            content_hash = fingerprint({"name": name, "link": link})
            if existing is not None and existing.content_hash == content_hash:
                return
            declared = self.tags.get(slug)
            record_item(
                existing,
                source=run.source,
                kind=kind,
                wp_id=slug,
                content_hash=content_hash,
                wp_number=declared.wp_number if declared else None,
                target_url=link,
                object_id=tag.pk,
            )
            redirects = RedirectWriter(run)
            redirects.add_link(f"/tag/{slug}/", link)
            redirects.add_link(f"/tag/{slug}/feed/", feed_url("tag", link, slug=tag.slug))
            redirects.save()
            run.report.count("tags", "updated" if existing else "created")
