"""WordPress posts as Masthead articles, and WordPress pages as plain pages.

Each item is first turned into a plan (everything the import would write, as
plain data), checked and repaired where it can be, fingerprinted, and only then
written, in one transaction with its mapping row and redirects. A plan whose
fingerprint matches the earlier import's is not written again, which is what
makes a second run of the same export change nothing.

Statuses: ``publish`` is published with its original dates, ``future`` is
scheduled in Wagtail (approved revision with ``go_live_at``), and ``draft``,
``pending``, ``private`` and password-protected posts become drafts, never
public. Trash, auto-drafts and revisions are skipped.
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from masthead.core.numbers import whole_number
from masthead.core.text import plain_text, truncate_words
from masthead.news.authoring import add_page
from masthead.news.models import ArticleAuthor, ArticlePage, StandardPage
from masthead.news.slugs import slugify_headline, unique_slug

from .body import blocks_to_rich_text, convert_body
from .dates import is_invalid, parse_naive, resolve
from .mapping import find_item, fingerprint, record_item
from .models import WordPressItem
from .publishing import update_page
from .redirects import RedirectWriter
from .taxonomy import RESERVED_SLUGS
from .wxr import Item

MAX_BODY_CHARS = 5_000_000
TITLE_MAX = 255
UNTITLED_WORDS = 80
LIVE, SCHEDULED, DRAFT = "live", "scheduled", "draft"
STATUSES = {
    "publish": LIVE,
    "future": SCHEDULED,
    "draft": DRAFT,
    "pending": DRAFT,
    "private": DRAFT,
}
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "unsaved auto-drafts",
    "inherit": "revisions of other posts",
}


# Where SEO plugins keep a post's own title and description for search engines
# (Yoast, Rank Math, All in One SEO old and new), best first.
SEO_TITLE_KEYS = ("_yoast_wpseo_title", "rank_math_title", "_aioseo_title", "_aioseop_title")
SEO_DESCRIPTION_KEYS = (
    "_yoast_wpseo_metadesc",
    "rank_math_description",
    "_aioseo_description",
    "_aioseop_description",
)
SEO_TITLE_MAX = 255


def search_fields(item: Item, report) -> dict[str, str]:
    """The SEO plugin's title and description, as Wagtail's own SEO fields.

    Templates such as ``%%title%% %%sep%% %%sitename%%`` are the plugin's
    defaults, not words anyone wrote for this story: they are left out, and
    Masthead's own defaults apply. Nothing is added when there is nothing, so
    the fingerprint of a post without SEO data is what it always was.
    """
    fields: dict[str, str] = {}
    for name, keys, limit in (
        ("seo_title", SEO_TITLE_KEYS, SEO_TITLE_MAX),
        ("search_description", SEO_DESCRIPTION_KEYS, None),
    ):
        for key in keys:
            value = plain_text(item.meta.get(key, "")).strip()
            if value and "%" not in value:
                fields[name] = truncate_words(value, limit) if limit else value
                break
    if fields:
        report.repair("SEO plugin titles and descriptions carried over")
    return fields


@dataclass
class PagePlan:
    """Everything one post or page import would write, as plain data."""

    kind: str
    title: str
    slug: str
    status: str
    published_at: datetime | None
    modified_at: datetime | None
    parent_id: int | None
    fields: dict = field(default_factory=dict)
    author_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    edition: str = ""
    """The edition's language when it is not the default one (Polylang exports)."""
    translation_key: str = ""
    """Shared with the post's translations (Polylang's ``post_translations``)."""

    def data(self) -> dict:
        # Only a multilingual export's plans say where they go, so that every
        # other plan's fingerprint is what it was before editions.
        languages = {
            name: value
            for name, value in (("edition", self.edition), ("translation", self.translation_key))
            if value
        }
        return languages | {
            "kind": self.kind,
            "title": self.title,
            "slug": self.slug,
            "status": self.status,
            "published_at": self.published_at,
            "modified_at": self.modified_at,
            "parent": self.parent_id,
            "fields": self.fields,
            "authors": self.author_ids,
            "tags": self.tags,
        }


class PostImporter:
    def __init__(self, run):
        self.run = run
        self.seen: set[tuple[str, int]] = set()

    # Planning --------------------------------------------------------------

    def status_of(self, item: Item, kind: str) -> str | None:
        report = self.run.report
        status = STATUSES.get(item.status)
        if status is None:
            reason = SKIPPED_STATUSES.get(item.status, f"unknown status “{item.status[:30]}”")
            report.skip(kind, reason)
            return None
        if item.status == "private":
            report.repair(f"private {kind} imported as drafts (not public)")
        elif item.status == "pending":
            report.repair(f"{kind} pending review imported as drafts")
        if item.password and status != DRAFT:
            report.repair(f"password-protected {kind} imported as drafts (not public)")
            status = DRAFT
        return status

    def dates_of(self, item: Item, kind: str) -> tuple[datetime | None, datetime | None]:
        run, report = self.run, self.run.report
        for value in (item.post_date_gmt, item.post_date, item.post_modified_gmt):
            if is_invalid(value):
                report.repair(f"invalid dates in {kind} replaced by their other date")
                break
        published = resolve(item.post_date_gmt, item.post_date, run.local_time, item.pub_date)
        modified = resolve(item.post_modified_gmt, item.post_modified, run.local_time)
        if published.source == "local":
            report.note(
                f"Some {kind} had no GMT date (drafts, usually); their local dates were "
                f"{run.local_time.describe()}."
            )
        first = published.value
        last = modified.value or first
        if first and last and last < first:
            last = first
        return first, last

    def title_of(self, item: Item, kind: str, body_text: str) -> str:
        title = plain_text(item.title)
        if not title:
            self.run.report.repair(f"{kind} without a headline titled from their opening words")
            title = truncate_words(body_text, UNTITLED_WORDS) or "Untitled"
        if len(title) > TITLE_MAX:
            self.run.report.repair(f"{kind} headlines over {TITLE_MAX} characters shortened")
            title = truncate_words(title, TITLE_MAX)
        return title

    def plan(self, item: Item, kind: str) -> tuple[PagePlan | None, object]:
        """``(plan, parent)``, or ``(None, None)`` when the item is skipped (and reported)."""
        run, report = self.run, self.run.report
        status = self.status_of(item, kind)
        if status is None:
            return None, None
        if len(item.content) > MAX_BODY_CHARS:
            report.skip(kind, f"body over {MAX_BODY_CHARS // 1_000_000} million characters")
            return None, None
        published, modified = self.dates_of(item, kind)
        if status != DRAFT and published is None:
            report.skip(kind, "no valid publication date")
            return None, None
        if status == SCHEDULED and published <= timezone.now():
            report.repair(f"scheduled {kind} whose time had passed published")
            status = LIVE
        converted = convert_body(
            item.content, run.attachments, item.wp_id, footnotes=item.meta.get("footnotes", "")
        )
        notes = converted.notes
        report.unknown_shortcodes.update(notes.unknown_shortcodes)
        report.unknown_blocks.update(notes.unknown_blocks)
        report.flattened.update(notes.flattened)
        if notes.missing_images:
            report.repair(
                "images in bodies not imported: linked to their old address instead",
                len(notes.missing_images),
            )
        if notes.shortened:
            report.repair(
                "captions and attributions over their length limit shortened", notes.shortened
            )
        body_text = " ".join(
            plain_text(b["value"]) for b in converted.blocks if b["type"] == "paragraph"
        )
        title = self.title_of(item, kind, body_text)
        slug = slugify_headline(unquote(item.slug)) if item.slug else slugify_headline(title)
        locale = run.languages.locale_for(item, kind)
        plan = PagePlan(
            kind=kind,
            title=title,
            slug=slug,
            status=status,
            published_at=published,
            modified_at=modified,
            parent_id=None,
            edition=locale.language_code if locale is not None else "",
        )
        if kind == "posts":
            placement = run.taxonomy.place(item)
            parent = run.taxonomy.section_for(placement.section_term, locale)
            plan.tags = placement.tags
            author = run.people.page_id_for(item.creator)
            plan.author_ids = [author] if author else []
            if not item.creator:
                report.repair("posts without an author imported without a byline")
            thumbnail = whole_number(item.meta.get("_thumbnail_id"))
            featured = run.attachments.by_wordpress_id(thumbnail) if thumbnail else None
            if thumbnail and featured is None:
                report.repair("featured images missing from the import left out")
            plan.fields = {
                "body": converted.blocks,
                "excerpt": plain_text(item.excerpt),
                "sticky": item.is_sticky,
                "comments_open": item.comment_status == "open",
                "featured_image_id": featured,
            }
        else:
            parent = self.parent_page_for(item, locale)
            plan.fields = {"body": blocks_to_rich_text(converted.blocks)}
        if run.languages.group_of(item):
            mapped = find_item(run.source, self.mapping_kind(kind), str(item.wp_id))
            plan.translation_key = (
                run.languages.shared_key(
                    item, locale, mapped.page_id if mapped is not None else None
                )
                or ""
            )
        plan.fields.update(search_fields(item, report))
        plan.parent_id = parent.pk if parent is not None else None
        return plan, parent

    @staticmethod
    def mapping_kind(kind: str) -> str:
        return WordPressItem.Kind.POST if kind == "posts" else WordPressItem.Kind.PAGE

    def parent_page_for(self, item: Item, locale: Locale | None = None):
        """The page's parent page, in the page's edition (``locale``; ``None`` is the default)."""
        run = self.run
        home = run.home
        if locale is not None and home is not None:
            home = home.get_translation_or_none(locale) or home
        if item.parent_id:
            mapped = find_item(run.source, WordPressItem.Kind.PAGE, str(item.parent_id))
            if mapped is not None and mapped.page_id:
                parent = StandardPage.objects.filter(pk=mapped.page_id).first()
                if parent is not None and home is not None and parent.locale_id != home.locale_id:
                    parent = parent.get_translation_or_none(home.locale) or None
                    if parent is None:
                        run.report.repair(
                            "pages whose parent page is in another edition placed at the top level"
                        )
                        return home
                if parent is not None:
                    return parent
            run.report.repair("pages whose parent page was not imported placed at the top level")
        return home

    # Writing ---------------------------------------------------------------

    def import_item(self, item: Item) -> ArticlePage | None:
        """Import one post or page; returns the article (for its comments) if there is one."""
        run, report = self.run, self.run.report
        is_post = item.post_type == "post"
        kind = "posts" if is_post else "pages"
        mapping_kind = WordPressItem.Kind.POST if is_post else WordPressItem.Kind.PAGE
        report.found(kind)
        if (kind, item.wp_id) in self.seen:
            report.skip(kind, "listed twice in the export (the first was imported)")
            return None
        self.seen.add((kind, item.wp_id))
        plan, parent = self.plan(item, kind)
        if plan is None:
            return None
        existing = find_item(
            run.source, mapping_kind, str(item.wp_id), item.guid, run.prior_items(mapping_kind)
        )
        model = ArticlePage if is_post else StandardPage
        page = None
        if existing is not None and existing.page_id:
            page = model.objects.filter(pk=existing.page_id).first()
            if page is None:
                report.skip(kind, "their page was deleted in Masthead after an earlier import")
                return None
        elif existing is not None and existing.content_hash:
            report.skip(kind, "their page was deleted in Masthead after an earlier import")
            return None
        content_hash = fingerprint(plan.data())
        if page is not None and existing.content_hash == content_hash:
            report.count(kind, "unchanged")
            return page if is_post else None
        if run.dry_run or parent is None:
            report.count(kind, "updated" if page else "created")
            return page if is_post else None
        if is_post:
            run.taxonomy.ensure_tag_links(item, run.taxonomy.place(item))
        with transaction.atomic():
            if page is None:
                page = self.create(model, plan, parent)
                outcome = "created"
            else:
                page = self.update(page, plan, parent)
                outcome = "updated"
            record_item(
                existing,
                source=run.source,
                kind=mapping_kind,
                wp_id=str(item.wp_id),
                content_hash=content_hash,
                wp_number=item.wp_id,
                guid=item.guid[:500],
                page=page,
            )
            self.write_redirects(item, page, plan)
        report.count(kind, outcome)
        return page if is_post else None

    def free_slug(self, parent: Page, base: str, page: Page | None = None) -> str:
        siblings = parent.get_children().filter(slug__startswith=base)
        if page is not None and page.pk:
            siblings = siblings.exclude(pk=page.pk)
        taken = set(siblings.values_list("slug", flat=True))
        if parent.pk == getattr(self.run.home, "pk", None):
            taken |= RESERVED_SLUGS
        slug = unique_slug(base, taken)
        if slug != base and (page is None or page.slug != slug):
            self.run.report.repair("addresses already taken in their section: numbered")
        return slug

    def populate(self, page: Page, plan: PagePlan) -> None:
        page.title = plan.title
        for name, value in plan.fields.items():
            setattr(page, name, value)
        if isinstance(page, ArticlePage):
            page.article_authors = [ArticleAuthor(author_id=pk) for pk in plan.author_ids]
            page.tags.set(plan.tags)
        page.go_live_at = plan.published_at if plan.status == SCHEDULED else None
        if plan.translation_key:
            page.translation_key = plan.translation_key

    def create(self, model, plan: PagePlan, parent: Page) -> Page:
        page = model(slug=self.free_slug(parent, plan.slug))
        self.populate(page, plan)
        live = plan.status == LIVE
        return add_page(
            parent,
            page,
            publish=plan.status != DRAFT,
            first_published_at=plan.published_at if live else None,
            last_published_at=plan.modified_at if live else None,
        )

    def update(self, page: Page, plan: PagePlan, parent: Page) -> Page:
        if page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page = type(page).objects.get(pk=page.pk)
        if page.locale_id != parent.locale_id:
            # Moved to another edition's tree (its language is known now): its language too.
            page.locale_id = parent.locale_id
        if page.slug != plan.slug and not page.slug.startswith(f"{plan.slug}-"):
            page.slug = self.free_slug(parent, plan.slug, page)
        self.populate(page, plan)
        live = plan.status == LIVE
        return update_page(
            page,
            publish=plan.status != DRAFT,
            first_published_at=plan.published_at if live else None,
            last_published_at=plan.modified_at if live else None,
        )

    def write_redirects(self, item: Item, page: Page, plan: PagePlan) -> None:
        """The post's permalink, its date-based form and its attachments' pages → the page."""
        if plan.status == DRAFT:
            return
        redirects = RedirectWriter(self.run)
        redirects.add_page(item.link, page)
        local = parse_naive(item.post_date)
        if item.post_type == "post" and local and item.slug:
            redirects.add_page(f"/{local:%Y/%m/%d}/{item.slug}/", page)
        attachments = self.run.attachments
        for wp_id in attachments.children.get(item.wp_id or 0, []):
            info = attachments.info[wp_id]
            if info.link_path:
                redirects.add_page(info.link_path, page)
        redirects.save()
