"""One WordPress import run: two streaming passes over the export, one transaction per item.

The first pass reads the export's header (site, authors, categories, tags) and
brings in the attachments, because posts refer to images that WordPress may
have exported after them. The second pass imports posts, pages and their
comments. Each item is written in its own transaction: an interrupted run
leaves whole items only, and running it again carries on where it stopped,
since everything already imported is recognised and left alone.

An item that cannot be imported is reported with the reason and skipped; the
run carries on. Only an export that cannot be read at all stops it, and even a
file that breaks off half-way has everything before the break imported.
"""

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction

from masthead.core.editions import is_multilingual
from masthead.news.authoring import ensure_news_site
from masthead.news.editions import ensure_edition_homes
from masthead.news.models import HomePage

from .attachments import (
    AttachmentIndex,
    attachment_relative_path,
    import_attachment,
    import_body_image,
    upload_urls_in,
    without_size_suffix,
)
from .comments import CommentImporter
from .dates import LocalTime
from .fetching import MediaFetcher
from .languages import Languages
from .mapping import source_key
from .models import WordPressItem
from .people import People
from .posts import PostImporter
from .redirects import RedirectWriter, feed_url
from .report import ImportReport
from .taxonomy import Taxonomy
from .wxr import Author, Channel, ExportError, Item, ReadStats, Term, read_export

logger = logging.getLogger(__name__)

IMPORTED_TYPES = {"post", "page"}
OTHER_TYPE_REASONS = {
    "nav_menu_item": "navigation menu items (rebuild menus in Masthead)",
    "revision": "old revisions",
    "wp_block": "reusable blocks (their content is in the posts that use them)",
    "custom_css": "theme settings",
    "customize_changeset": "theme settings",
    "oembed_cache": "WordPress's embed cache",
    "wp_template": "theme templates",
    "wp_template_part": "theme templates",
    "wp_global_styles": "theme settings",
    "wp_navigation": "navigation menu items (rebuild menus in Masthead)",
    "user_request": "privacy requests",
}


def skipped_type_reason(post_type: str) -> str:
    """Why items of a post type are left out, in words the newsroom can act on."""
    if not post_type:
        return (
            "items without a wp:post_type (the export's WordPress namespace was not "
            "recognised, or the items are not WordPress content)"
        )
    if post_type in OTHER_TYPE_REASONS:
        return OTHER_TYPE_REASONS[post_type]
    return f"post type “{post_type[:40]}” is not imported (a plugin's or theme's own content)"


def mirror_folder(source: str) -> Path:
    """``var/wordpress-media/<site>``: one mirror per old site, kept between runs."""
    safe = "".join(c if c.isalnum() or c in ".-" else "_" for c in source)[:120]
    return Path(settings.VAR_DIR) / "wordpress-media" / (safe or "unknown-site")


def site_hosts_of(channel: Channel) -> set[str]:
    """The old site's own host names: the addresses it may be reached at, even private ones."""
    urls = (channel.base_site_url, channel.base_blog_url, channel.link)
    return {urlparse(url).hostname or "" for url in urls if url} - {""}


class ImportAborted(Exception):
    """Raised for input that cannot be imported at all (no such file, unknown time zone)."""


@dataclass
class ImportRun:
    """What every part of one import shares: options, the report, and the run's memory."""

    report: ImportReport
    dry_run: bool
    uploads: Path | None
    local_time: LocalTime
    fetch_media: bool = False
    allow_private_media: bool = False
    mirror: Path | None = None
    """Where ``--fetch-media`` keeps the old site's files (an uploads-shaped folder)."""
    home: HomePage | None = None
    source: str = ""
    channel: Channel = field(default_factory=Channel)
    attachments: AttachmentIndex = field(default_factory=AttachmentIndex)

    def __post_init__(self):
        self.taxonomy = Taxonomy(self)
        self.languages = Languages(self)
        self.people = People(self)
        self._prior_kinds: set[str] | None = None
        self.body_image_urls: dict[str, str] = {}
        """``uploads-relative path → URL`` of every upload the bodies show."""

    @property
    def media_folders(self) -> list[Path]:
        """Where attachments' files are looked for, ``--uploads`` first (it wins)."""
        return [folder for folder in (self.uploads, self.mirror) if folder is not None]

    def prior_items(self, kind: str) -> bool:
        """Whether any earlier import wrote items of ``kind`` (else nothing needs looking up).

        Checked once, at the start of the run: what this run writes is found by
        WordPress ID and never needs the GUID fallback.
        """
        if self._prior_kinds is None:
            self._prior_kinds = set(WordPressItem.objects.values_list("kind", flat=True).distinct())
        return kind in self._prior_kinds


ProgressCallback = Callable[[str, int, int], None]
"""``(phase, bytes_done, bytes_total)``."""


def import_wordpress(
    export: Path,
    *,
    uploads: Path | None = None,
    dry_run: bool = False,
    timezone_name: str = "",
    progress: ProgressCallback | None = None,
    fetch_media: bool = False,
    allow_private_media: bool = False,
) -> ImportReport:
    """Import a WXR export into the site; return the report (also when stopped early)."""
    export = Path(export)
    if not export.is_file():
        raise ImportAborted(f"No export file at {export}.")
    if uploads is not None and not Path(uploads).is_dir():
        raise ImportAborted(f"--uploads must be a folder (a copy of wp-content/uploads): {uploads}")
    try:
        local_time = LocalTime.named(timezone_name) if timezone_name else LocalTime()
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ImportAborted(
            f"Unknown time zone {timezone_name!r}: use a name like Europe/Paris."
        ) from error
    run = ImportRun(
        report=ImportReport(dry_run=dry_run),
        dry_run=dry_run,
        uploads=Path(uploads) if uploads else None,
        local_time=local_time,
        home=HomePage.objects.first(),
        fetch_media=fetch_media,
        allow_private_media=allow_private_media,
    )
    _Runner(run, export, progress).execute()
    return run.report


class _Runner:
    def __init__(self, run: ImportRun, export: Path, progress: ProgressCallback | None):
        self.run = run
        self.export = export
        self.progress = progress
        self.size = export.stat().st_size
        self.posts = PostImporter(run)
        self.comments = CommentImporter(run)
        self.page_ids: set[int] = set()

    def _reader(self, phase: str):
        done = 0

        def on_bytes(count: int) -> None:
            nonlocal done
            done += count
            if self.progress is not None:
                self.progress(phase, done, self.size)

        stats = ReadStats()
        return read_export(self.export, on_bytes=on_bytes, stats=stats), stats

    def execute(self) -> None:
        report = self.run.report
        self.run.prior_items(WordPressItem.Kind.POST)
        try:
            if self.run.fetch_media:
                self.fetch_pass()
            self.first_pass()
        except ExportError as error:
            report.error = str(error)
            if not self.run.source:
                return
        # A break in the file was reported by the first pass, which read the same bytes.
        with contextlib.suppress(ExportError):
            self.second_pass()
        self.run.languages.summarise()
        if not self.run.dry_run and self.run.home is not None:
            self.guarded("redirects", self.site_redirects)

    # Pass 0, with --fetch-media: the old site's files ----------------------

    def fetch_pass(self) -> None:
        """List every attachment and body picture, then download what is not here yet."""
        run, report = self.run, self.run.report
        wanted: dict[str, str] = {}
        in_bodies: dict[str, str] = {}
        site_hosts: set[str] = set()
        entries, _stats = self._reader("Listing the old site's media")
        for entry in entries:
            if isinstance(entry, Channel):
                run.mirror = mirror_folder(
                    source_key(entry.base_blog_url or entry.base_site_url or entry.link)
                )
                site_hosts = site_hosts_of(entry)
            elif isinstance(entry, Item):
                if entry.post_type == "attachment":
                    relative = attachment_relative_path(entry)
                    if relative and entry.attachment_url:
                        wanted.setdefault(relative, entry.attachment_url)
                elif entry.post_type in IMPORTED_TYPES:
                    in_bodies.update(upload_urls_in(entry.content))
        if run.mirror is None:
            return
        # A body's resized copy (photo-300x200.jpg) is the attachment's picture.
        originals = {without_size_suffix(relative) for relative in wanted}
        for relative, url in in_bodies.items():
            if without_size_suffix(relative) not in originals:
                wanted.setdefault(relative, url)
        if run.uploads is not None:
            wanted = {r: u for r, u in wanted.items() if not (run.uploads / r).is_file()}
        if run.dry_run:
            report.note(f"--fetch-media would fetch up to {len(wanted)} files from the old site.")
            return
        started = time.monotonic()
        fetcher = MediaFetcher(
            run.mirror, site_hosts=site_hosts, allow_private=run.allow_private_media
        )
        outcomes = fetcher.fetch_all(wanted)
        report.fetched_media(outcomes, time.monotonic() - started)

    # Pass 1: header and attachments ----------------------------------------

    def first_pass(self) -> None:
        run, report = self.run, self.run.report
        entries, stats = self._reader("Reading authors and attachments")
        for entry in entries:
            if isinstance(entry, Channel):
                self.start(entry)
            elif isinstance(entry, Author):
                self.guarded("authors", run.people.declare, entry)
            elif isinstance(entry, Term):
                if not run.languages.declare(entry):
                    run.taxonomy.declare(entry)
            elif isinstance(entry, Item):
                run.local_time.observe(entry.post_date, entry.post_date_gmt)
                if entry.post_type in IMPORTED_TYPES:
                    run.languages.observe(entry)
                if entry.post_type in IMPORTED_TYPES and run.media_folders:
                    run.body_image_urls.update(upload_urls_in(entry.content))
                if entry.post_type == "page" and entry.wp_id is not None:
                    self.page_ids.add(entry.wp_id)
                if entry.post_type == "attachment":
                    report.found("attachments")
                    if entry.wp_id is None:
                        report.skip("attachments", "no post ID")
                    else:
                        self.guarded("attachments", import_attachment, run, entry)
        for relative, url in run.body_image_urls.items():
            self.guarded("attachments", import_body_image, run, relative, url)
        if stats.dropped_control_bytes:
            report.repair("control characters XML forbids removed", stats.dropped_control_bytes)
        if stats.declared_prefixes:
            report.repair(
                "namespace prefixes used but never declared, declared for the file: "
                + ", ".join(stats.declared_prefixes),
                len(stats.declared_prefixes),
            )
        if stats.replaced_entities:
            report.repair("HTML entities outside CDATA read as characters", stats.replaced_entities)
        if stats.mended_cdata_ends:
            report.repair(
                "“]]>” inside CDATA sections kept as text (the exporter had not escaped it)",
                stats.mended_cdata_ends,
            )

    def start(self, channel: Channel) -> None:
        run = self.run
        run.channel = channel
        run.source = source_key(channel.base_blog_url or channel.base_site_url or channel.link)
        if run.home is None and not run.dry_run:
            run.home = ensure_news_site(channel.title.strip() or "Newsroom")
            run.report.note(f"Created the site “{run.home.title}” for the import.")
        if run.home is not None and not run.dry_run and is_multilingual():
            # What `masthead setup` makes: each edition's home, for its posts to go under.
            ensure_edition_homes()

    # Pass 2: posts, pages, comments ----------------------------------------

    def second_pass(self) -> None:
        report = self.run.report
        entries, _stats = self._reader("Importing posts, pages and comments")
        waiting: list[Item] = []
        for entry in entries:
            if not isinstance(entry, Item) or entry.post_type == "attachment":
                continue
            if entry.post_type not in IMPORTED_TYPES:
                report.found("other items")
                report.skip("other items", skipped_type_reason(entry.post_type))
                continue
            if self.parent_comes_later(entry):
                waiting.append(entry)
                continue
            self.import_item(entry)
        # Pages listed before their parent page: now that every parent is in, the
        # children go under them, parents first, so a re-run finds them in place.
        while waiting:
            # Nothing ready means a loop of parents: those go wherever they can.
            ready = [entry for entry in waiting if not self.parent_comes_later(entry)] or waiting
            for entry in ready:
                self.import_item(entry)
            done = {id(entry) for entry in ready}
            waiting = [entry for entry in waiting if id(entry) not in done]

    def parent_comes_later(self, entry: Item) -> bool:
        """Whether ``entry`` is a page whose parent page is further on in the export."""
        return (
            entry.post_type == "page"
            and entry.parent_id in self.page_ids
            and ("pages", entry.parent_id) not in self.posts.seen
        )

    def import_item(self, entry: Item) -> None:
        report = self.run.report
        kind = "posts" if entry.post_type == "post" else "pages"
        if entry.wp_id is None:
            report.found(kind)
            report.skip(kind, "no post ID")
            return
        article = self.guarded(kind, self.posts.import_item, entry)
        self.guarded("comments", self.comments.import_for, entry, article)

    def site_redirects(self) -> None:
        """``/feed/`` and ``/comments/feed/``: the site's own feeds."""
        home_url = self.run.home.url or "/"
        with transaction.atomic():
            redirects = RedirectWriter(self.run)
            redirects.add_link("/feed/", feed_url("site", home_url))
            redirects.add_link("/comments/feed/", feed_url("site", home_url))
            redirects.save()

    def guarded(self, kind: str, function, *args):
        """Run one item's import; an unexpected failure skips that item, not the run."""
        try:
            return function(*args)
        except ExportError:
            raise
        except Exception as error:  # noqa: BLE001 - one bad item must not stop the import
            logger.warning(
                "Importing a WordPress %s failed: %r",
                kind,
                error,
                exc_info=logger.isEnabledFor(logging.DEBUG),
            )
            self.run.report.skip(kind, f"failed: {error.__class__.__name__}: {str(error)[:150]}")
            return None
