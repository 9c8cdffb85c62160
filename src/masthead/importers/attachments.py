"""WordPress attachments, brought in from a copy of ``wp-content/uploads`` as images or documents.

Pictures become Wagtail images (title, alt text as the description, the
WordPress caption as the default caption); PDFs and other office files become
Wagtail documents. A file missing from ``--uploads`` is reported and skipped,
never fatal: run the import again with the file in place and it is picked up.

:class:`AttachmentIndex` remembers, for the rest of the run, which WordPress
attachment became which image, so post bodies, featured images and galleries
can point at them. It holds only numbers and short paths, one entry per
attachment, whatever the size of the export.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files import File
from django.db import transaction
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from masthead.core.text import plain_text

from .mapping import find_item, fingerprint, record_item
from .models import WordPressItem
from .redirects import RedirectWriter, old_path
from .wxr import Item

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "tif", "tiff"})
_SIZE_SUFFIX = re.compile(r"-(\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
UPLOADS_MARKER = "/uploads/"
WORDPRESS_COM_FILES = ".files.wordpress.com"
_IMG_SOURCE = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*["']([^"'<>]+)["']""", re.IGNORECASE)
TITLE_MAX = 255


def uploads_relative_path(url_or_path: str) -> str:
    """``2024/05/photo.jpg`` from an upload URL, or "" if it is not an upload.

    Self-hosted sites keep uploads under ``/wp-content/uploads/``; WordPress.com
    serves them from ``<site>.files.wordpress.com/2011/05/photo.jpg``.
    """
    parsed = urlparse(url_or_path)
    path = unquote(parsed.path)
    if UPLOADS_MARKER in path:
        return path.split(UPLOADS_MARKER, 1)[1].lstrip("/")
    if (parsed.hostname or "").endswith(WORDPRESS_COM_FILES):
        return path.lstrip("/")
    return ""


def without_size_suffix(relative: str) -> str:
    """WordPress's resized copies (``photo-300x200.jpg``, ``photo-scaled.jpg``) → ``photo.jpg``."""
    return _SIZE_SUFFIX.sub("", relative)


@dataclass
class AttachmentInfo:
    """What later items need to know about one attachment."""

    link_path: str
    parent_id: int | None
    file_url: str = ""
    is_image: bool = False


@dataclass
class AttachmentIndex:
    """WordPress attachment → Masthead image, for the rest of one run."""

    images: dict[int, int] = field(default_factory=dict)
    by_path: dict[str, int] = field(default_factory=dict)
    documents: dict[int, int] = field(default_factory=dict)
    documents_by_path: dict[str, int] = field(default_factory=dict)
    info: dict[int, AttachmentInfo] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)

    def remember(self, wp_id: int, relative: str, image_id: int | None) -> None:
        if image_id is None:
            return
        self.images[wp_id] = image_id
        if relative:
            self.by_path[without_size_suffix(relative)] = image_id

    def remember_document(self, wp_id: int, relative: str, document_id: int | None) -> None:
        if not document_id:
            return
        self.documents[wp_id] = document_id
        if relative:
            self.documents_by_path[relative] = document_id

    def document_by_wordpress_id(self, wp_id: int) -> int | None:
        return self.documents.get(wp_id)

    def document_by_url(self, url: str) -> int | None:
        """The imported document (a podcast's MP3, a video) at an uploads URL."""
        relative = uploads_relative_path(url)
        return self.documents_by_path.get(relative) if relative else None

    def remember_path(self, relative: str, image_id: int) -> None:
        self.by_path[without_size_suffix(relative)] = image_id

    def by_wordpress_id(self, wp_id: int) -> int | None:
        return self.images.get(wp_id)

    def by_url(self, url: str) -> int | None:
        relative = uploads_relative_path(url)
        return self.by_path.get(without_size_suffix(relative)) if relative else None

    def attached_to(self, post_id: int | None) -> list[int]:
        return [
            wp_id
            for wp_id in self.children.get(post_id or 0, [])
            if self.info[wp_id].is_image and wp_id in self.images
        ]


def attachment_relative_path(item: Item) -> str:
    """The attachment's file, relative to ``uploads``, as WordPress recorded it."""
    attached = item.meta.get("_wp_attached_file", "").strip().lstrip("/")
    if attached and ".." not in PurePosixPath(attached).parts:
        return attached
    return uploads_relative_path(item.attachment_url or item.guid)


def _file_in_uploads(folders: list[Path], relative: str) -> Path | None:
    """The file in the first of ``folders`` that has it; never anything outside them."""
    if not relative:
        return None
    for uploads in folders:
        candidate = (uploads / relative).resolve()
        if uploads.resolve() in candidate.parents and candidate.is_file():
            return candidate
    return None


def _is_readable_image(path: Path) -> bool:
    try:
        with PillowImage.open(path) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
    except PillowImage.DecompressionBombError:
        return False
    return True


def import_attachment(run, item: Item) -> None:
    """Create or update the image or document for one attachment item (in its own transaction)."""
    report, kind = run.report, "attachments"
    wp_id = item.wp_id
    relative = attachment_relative_path(item)
    extension = PurePosixPath(relative or item.attachment_url).suffix.lower().lstrip(".")
    is_image = extension in IMAGE_EXTENSIONS
    run.attachments.info[wp_id] = AttachmentInfo(
        link_path=old_path(item.link), parent_id=item.parent_id, is_image=is_image
    )
    if item.parent_id:
        run.attachments.children.setdefault(item.parent_id, []).append(wp_id)
    if not is_image and extension not in settings.WAGTAILDOCS_EXTENSIONS:
        report.skip(kind, f"file type .{extension or '?'} is neither an image nor a document")
        return
    existing = find_item(run.source, WordPressItem.Kind.ATTACHMENT, str(wp_id), item.guid)
    if not run.media_folders:
        if existing and (existing.image_id or existing.document_id):
            run.attachments.remember(wp_id, relative, existing.image_id)
            run.attachments.remember_document(wp_id, relative, existing.document_id)
            run.attachments.info[wp_id].file_url = existing.target_url
            report.count(kind, "unchanged")
        else:
            report.skip(kind, "no --uploads folder or --fetch-media given")
        return
    path = _file_in_uploads(run.media_folders, relative)
    if path is None:
        report.missing_file(relative or item.attachment_url or f"attachment {wp_id}")
        report.skip(kind, "file neither in --uploads nor fetched from the old site")
        return
    title = plain_text(item.title)[:TITLE_MAX] or path.name
    alt = plain_text(item.meta.get("_wp_attachment_image_alt", ""))[:TITLE_MAX]
    caption = plain_text(item.excerpt)
    data = {
        "title": title,
        "alt": alt,
        "caption": caption,
        "file": relative,
        "size": path.stat().st_size,
        "image": is_image,
    }
    content_hash = fingerprint(data)
    target_exists = existing is not None and (existing.image_id or existing.document_id)
    if target_exists and existing.content_hash == content_hash:
        run.attachments.remember(wp_id, relative, existing.image_id)
        run.attachments.remember_document(wp_id, relative, existing.document_id)
        run.attachments.info[wp_id].file_url = existing.target_url
        report.count(kind, "unchanged")
        return
    if is_image and not _is_readable_image(path):
        report.skip(kind, "image file cannot be read (damaged or not an image)")
        return
    if run.dry_run:
        report.count(kind, "updated" if target_exists else "created")
        run.attachments.remember(wp_id, relative, existing.image_id if existing else 0)
        return
    with transaction.atomic():
        if is_image:
            target = existing.image if target_exists and existing.image_id else None
            target = target or get_image_model()(title=title)
            target.description, target.caption = alt, caption
        else:
            target = existing.document if target_exists and existing.document_id else None
            target = target or get_document_model()(title=title)
        target.title = title
        if is_image and target.pk:
            # The picture itself may have changed: old crops and sizes must go.
            target.renditions.all().delete()
        with open(path, "rb") as handle:
            target.file = File(handle, name=path.name)
            if is_image:
                target._set_image_file_metadata()
            else:
                target._set_document_file_metadata()
            target.save()
        file_url = target.file.url
        record_item(
            existing,
            source=run.source,
            kind=WordPressItem.Kind.ATTACHMENT,
            wp_id=str(wp_id),
            content_hash=content_hash,
            wp_number=wp_id,
            guid=item.guid[:500],
            image=target if is_image else None,
            document=None if is_image else target,
            target_url=file_url,
        )
        redirects = RedirectWriter(run)
        upload_path = old_path(item.attachment_url) or f"/wp-content/uploads/{relative}"
        redirects.add_link(upload_path, file_url)
        if not item.parent_id:
            redirects.add_link(item.link, file_url)
        redirects.save()
    run.attachments.remember(wp_id, relative, target.pk if is_image else None)
    run.attachments.remember_document(wp_id, relative, None if is_image else target.pk)
    run.attachments.info[wp_id].file_url = file_url
    report.count(kind, "updated" if target_exists else "created")


def upload_urls_in(html: str) -> dict[str, str]:
    """``uploads-relative path → URL`` for each uploaded picture a body shows."""
    found: dict[str, str] = {}
    for url in _IMG_SOURCE.findall(html or ""):
        url = url.strip()
        relative = uploads_relative_path(url)
        extension = PurePosixPath(relative).suffix.lower().lstrip(".")
        if relative and extension in IMAGE_EXTENSIONS and ".." not in PurePosixPath(relative).parts:
            found.setdefault(relative, url.split("#", 1)[0])
    return found


def body_image_key(relative: str) -> str:
    """The mapping key of a picture that bodies use but no attachment item describes."""
    return f"file:{without_size_suffix(relative)}"[:255]


def import_body_image(run, relative: str, url: str) -> None:
    """Bring in a picture a body shows when the export has no attachment for it.

    Exports of posts only, and old sites whose media library lost track of its
    files, leave pictures in bodies with no attachment item. The file, from
    ``--uploads`` or fetched, still becomes a Masthead image, so the story does
    not hot-link the old site.
    """
    report, kind = run.report, "body pictures"
    if run.attachments.by_url(url) is not None:
        return
    report.found(kind)
    existing = find_item(run.source, WordPressItem.Kind.ATTACHMENT, body_image_key(relative))
    path = _file_in_uploads(run.media_folders, relative)
    if path is None:
        if existing is not None and existing.image_id:
            run.attachments.remember_path(relative, existing.image_id)
            report.count(kind, "unchanged")
            return
        report.missing_file(relative)
        report.skip(kind, "file neither in --uploads nor fetched from the old site")
        return
    content_hash = fingerprint({"file": relative, "size": path.stat().st_size})
    if existing is not None and existing.image_id and existing.content_hash == content_hash:
        run.attachments.remember_path(relative, existing.image_id)
        report.count(kind, "unchanged")
        return
    if not _is_readable_image(path):
        report.skip(kind, "image file cannot be read (damaged or not an image)")
        return
    if run.dry_run:
        report.count(kind, "updated" if existing else "created")
        run.attachments.remember_path(relative, 0)
        return
    with transaction.atomic():
        image = existing.image if existing is not None and existing.image_id else None
        if image is not None:
            image.renditions.all().delete()
        image = image or get_image_model()(title=path.name[:TITLE_MAX])
        with open(path, "rb") as handle:
            image.file = File(handle, name=path.name)
            image._set_image_file_metadata()
            image.save()
        record_item(
            existing,
            source=run.source,
            kind=WordPressItem.Kind.ATTACHMENT,
            wp_id=body_image_key(relative),
            content_hash=content_hash,
            image=image,
            target_url=image.file.url,
        )
        redirects = RedirectWriter(run)
        redirects.add_link(old_path(url) or f"/wp-content/uploads/{relative}", image.file.url)
        redirects.save()
    run.attachments.remember_path(relative, image.pk)
    report.count(kind, "updated" if existing else "created")
