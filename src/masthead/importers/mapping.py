"""Finding what an earlier import made of a WordPress item, and fingerprinting content.

Items are found by the exported site and WordPress's own key first, then by
GUID: WordPress never changes a post's GUID, even when the site moves to a new
domain or is copied to a new WordPress with new IDs, so a newer export of the
same site finds its earlier import either way.
"""

import hashlib
import json
from datetime import date, datetime
from urllib.parse import urlparse

from .models import WordPressItem

# Bump when the conversion changes, so that a rerun rewrites everything once.
CONVERSION_VERSION = "1"


def source_key(url: str) -> str:
    """``example.com/blog`` for ``https://www.example.com/blog/``: the scheme may change."""
    parsed = urlparse(url.strip() if "://" in url else f"//{url.strip()}")
    host = parsed.netloc.lower().removeprefix("www.")
    return (host + parsed.path.rstrip("/"))[:255] or "unknown-site"


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"Cannot fingerprint {type(value).__name__}")


def fingerprint(data: dict) -> str:
    """A stable hash of what an import would write for one item."""
    payload = json.dumps(
        {"v": CONVERSION_VERSION, **data}, sort_keys=True, default=_json_default
    ).encode()
    return hashlib.sha256(payload).hexdigest()


def find_item(
    source: str, kind: str, wp_id: str, guid: str = "", prior: bool = True
) -> WordPressItem | None:
    """The mapping row for an item; ``prior=False`` says no import ever wrote this kind."""
    if not prior:
        return None
    item = WordPressItem.objects.filter(source=source, kind=kind, wp_id=wp_id).first()
    if item is None and guid:
        item = WordPressItem.objects.filter(kind=kind, guid=guid).order_by("-imported_at").first()
    return item


def record_item(
    existing: WordPressItem | None,
    *,
    source: str,
    kind: str,
    wp_id: str,
    content_hash: str,
    **fields,
) -> WordPressItem:
    """Create or update the mapping row (inside the caller's transaction)."""
    item = existing or WordPressItem(source=source, kind=kind, wp_id=wp_id)
    item.source, item.wp_id, item.content_hash = source, wp_id, content_hash
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item
