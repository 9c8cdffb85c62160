"""WordPress comments, imported into ``masthead.comments`` with their threads and statuses.

Approved comments stay approved, held ones are held for Masthead's moderators,
spam stays spam and trash stays trash, so nothing that was hidden on WordPress
appears on the new site. The commenter's email and IP address go only into the
comment's private fields. A post's comments are written together, in their own
transaction and in bulk (parents before replies), without the notification
mails new comments send. Pingbacks and trackbacks are not comments in Masthead
and are counted as skipped.
"""

import ipaddress
import re
from html import unescape

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction

from masthead.core.text import plain_text

from .dates import resolve
from .html_tree import Node, parse_fragment
from .mapping import fingerprint
from .models import WordPressItem
from .people import clean_email
from .wxr import Comment as WPComment
from .wxr import Item

STATUS_BY_WORDPRESS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
STATUS_BY_WORDPRESS["post-trashed"] = "trash"
NOT_COMMENTS = {"pingback", "trackback", "pings"}
MAX_REPLY_DEPTH = 100
_BLANK_LINES = re.compile(r"\n{3,}")
_validate_url = URLValidator(schemes=["http", "https"])


def comment_model():
    """Masthead's comment model, or ``None`` while the comments app or its table is missing."""
    try:
        model = apps.get_model("comments", "Comment")
    except LookupError:
        return None
    try:
        tables = connection.introspection.table_names()
    except DatabaseError:
        return None
    return model if model._meta.db_table in tables else None


def comment_text(html: str) -> str:
    """A WordPress comment's HTML as the plain text Masthead's comments store.

    Paragraphs and line breaks are kept; a link keeps its address next to its
    words so that nothing the commenter wrote is lost; other markup goes.
    """

    def text_of(node: Node) -> str:
        if node.is_text:
            return node.text
        inner = "".join(text_of(child) for child in node.children)
        if node.tag == "br":
            return "\n"
        if node.tag in {"p", "div", "blockquote", "li"}:
            return f"\n\n{inner.strip()}\n\n"
        href = node.attrs.get("href", "") if node.tag == "a" else ""
        if href and href.strip() != inner.strip() and href.startswith(("http://", "https://")):
            return f"{inner} ({href})"
        return inner

    text = unescape(text_of(parse_fragment(html.replace("\r\n", "\n"))))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_url(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 200:
        return ""
    try:
        _validate_url(value)
    except ValidationError:
        return ""
    return value


def clean_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _depths(comments: dict[int, WPComment]) -> dict[int, int]:
    """Reply depth per comment; a reply whose parent is not in the export starts a thread."""
    depths: dict[int, int] = {}
    for wp_id in comments:
        chain, current = [], wp_id
        while current in comments and current not in depths and len(chain) < MAX_REPLY_DEPTH:
            chain.append(current)
            parent = comments[current].parent_id
            current = parent if parent in comments and parent not in chain else None
        base = depths.get(current, 0) if current is not None else 0
        for offset, member in enumerate(reversed(chain), start=1):
            depths[member] = base + offset
    return depths


def _thread_root(wp_id: int, by_id: dict[int, WPComment], depths: dict[int, int]) -> int:
    """The top-level comment of ``wp_id``'s thread."""
    current = wp_id
    for _ in range(MAX_REPLY_DEPTH):
        if depths[current] <= 1:
            break
        current = by_id[current].parent_id
    return current


class CommentImporter:
    def __init__(self, run):
        self.run = run
        self.model = comment_model()

    def import_for(self, item: Item, article) -> None:
        """Import ``item``'s comments onto ``article`` (``None`` when the story was not written)."""
        report = self.run.report
        comments = item.comments
        if not comments:
            return
        report.found("comments", len(comments))
        if self.model is None:
            report.skip("comments", "comments app not installed", len(comments))
            return
        if item.post_type != "post":
            page = plain_text(item.title)[:60] or item.link or f"page {item.wp_id}"
            report.skip(
                "comments",
                f"on the plain page “{page}” (Masthead's plain pages take no comments)",
                len(comments),
            )
            return
        if article is None:
            if self.run.dry_run:
                report.count("comments", "created", len(comments))
            else:
                report.skip("comments", "their story was not imported", len(comments))
            return
        self._import(item, article, comments)

    def _plan(self, item: Item, comment: WPComment, author_user_id: int | None) -> dict:
        report = self.run.report
        created = resolve(comment.date_gmt, comment.date, self.run.local_time).value
        if created is None:
            report.repair("comments without a valid date dated like their story")
        status = STATUS_BY_WORDPRESS.get(comment.approved)
        if status is None:
            report.repair(f"comments with unknown status “{comment.approved[:20]}” held")
            status = "pending"
        email = clean_email(comment.author_email)
        if comment.author_email and (not email or len(email) > 100):
            report.repair("invalid commenter email addresses left empty")
            email = ""
        body = comment_text(comment.content)
        limit = self.model._meta.get_field("body").max_length or len(body)
        if len(body) > limit:
            report.repair("comments longer than Masthead allows shortened")
            body = body[:limit]
        name = " ".join(comment.author.split())[:245] or "Anonymous"
        role = ""
        if comment.user_id and author_user_id and comment.user_id == author_user_id:
            role = "author"
        return {
            "author_name": name,
            "author_email": email,
            "author_url": clean_url(comment.author_url),
            "author_ip": clean_ip(comment.author_ip),
            "body": body,
            "status": status,
            "created_at": created,
            "role": role,
            "held_because": "Held for moderation in WordPress" if status == "pending" else "",
            "parent": comment.parent_id,
        }

    def _import(self, item: Item, article, comments: list[WPComment]) -> None:
        run, report, model = self.run, self.run.report, self.model
        by_id: dict[int, WPComment] = {}
        for comment in comments:
            if comment.wp_id is None:
                report.skip("comments", "no comment ID")
            elif comment.comment_type in NOT_COMMENTS:
                report.skip("comments", "pingbacks and trackbacks")
            else:
                by_id[comment.wp_id] = comment
        if not by_id:
            return
        known = (
            {}
            if not run.prior_items(WordPressItem.Kind.COMMENT)
            else {
                row.wp_id: row
                for row in WordPressItem.objects.filter(
                    source=run.source,
                    kind=WordPressItem.Kind.COMMENT,
                    wp_id__in=[str(i) for i in by_id],
                )
            }
        )
        author_user_id = run.people.wordpress_user_id(item.creator)
        depths = _depths(by_id)
        orphans = sum(1 for c in by_id.values() if c.parent_id and c.parent_id not in by_id)
        if orphans:
            report.repair("replies to comments missing from the export kept as top-level", orphans)
        plans = {wp_id: self._plan(item, c, author_user_id) for wp_id, c in by_id.items()}
        for plan in plans.values():
            plan["created_at"] = plan["created_at"] or article.first_published_at
        hashes = {wp_id: fingerprint(plan) for wp_id, plan in plans.items()}
        existing_ids = {
            wp_id: row.object_id for wp_id, row in ((int(k), v) for k, v in known.items())
        }
        known_pks = [pk for pk in existing_ids.values() if pk]
        alive = (
            set(model.objects.filter(pk__in=known_pks).values_list("pk", flat=True))
            if known_pks
            else set()
        )
        to_create = [i for i in by_id if existing_ids.get(i) not in alive]
        to_update = [
            i
            for i in by_id
            if existing_ids.get(i) in alive and known[str(i)].content_hash != hashes[i]
        ]
        report.count("comments", "unchanged", len(by_id) - len(to_create) - len(to_update))
        if run.dry_run:
            report.count("comments", "created", len(to_create))
            report.count("comments", "updated", len(to_update))
            return
        with transaction.atomic():
            pk_by_wp = {i: existing_ids[i] for i in by_id if existing_ids.get(i) in alive}
            self._create(article, plans, depths, to_create, pk_by_wp, by_id)
            self._update(plans, to_update, pk_by_wp)
            self._record(known, hashes, to_create + to_update, pk_by_wp)
        report.count("comments", "created", len(to_create))
        report.count("comments", "updated", len(to_update))

    def _create(self, article, plans, depths, wanted, pk_by_wp, by_id) -> None:
        from masthead.comments.text import render_comment_html

        model = self.model
        for depth in sorted({depths[i] for i in wanted}):
            level = [i for i in wanted if depths[i] == depth]
            objects = []
            for wp_id in level:
                plan = dict(plans[wp_id])
                parent_wp = plan.pop("parent")
                parent_pk = pk_by_wp.get(parent_wp) if depth > 1 else None
                thread_pk = pk_by_wp.get(_thread_root(wp_id, by_id, depths)) if parent_pk else None
                objects.append(
                    model(
                        article=article,
                        parent_id=parent_pk,
                        thread_id=thread_pk,
                        depth=depth if parent_pk else 1,
                        body_html=render_comment_html(plan["body"]),
                        **plan,
                    )
                )
            created = model.objects.bulk_create(objects)
            for wp_id, obj in zip(level, created, strict=True):
                pk_by_wp[wp_id] = obj.pk

    def _update(self, plans, wanted, pk_by_wp) -> None:
        from masthead.comments.text import render_comment_html

        if not wanted:
            return
        model = self.model
        objects = {
            obj.pk: obj for obj in model.objects.filter(pk__in=[pk_by_wp[i] for i in wanted])
        }
        fields = ["author_name", "author_email", "author_url", "author_ip", "body", "body_html"]
        fields += ["status", "created_at", "role", "held_because"]
        changed = []
        for wp_id in wanted:
            obj = objects[pk_by_wp[wp_id]]
            plan = dict(plans[wp_id])
            plan.pop("parent")
            for name, value in plan.items():
                setattr(obj, name, value)
            obj.body_html = render_comment_html(obj.body)
            changed.append(obj)
        model.objects.bulk_update(changed, fields)

    def _record(self, known, hashes, wanted, pk_by_wp) -> None:
        run = self.run
        new, updated = [], []
        for wp_id in wanted:
            row = known.get(str(wp_id))
            if row is None:
                new.append(
                    WordPressItem(
                        source=run.source,
                        kind=WordPressItem.Kind.COMMENT,
                        wp_id=str(wp_id),
                        wp_number=wp_id,
                        content_hash=hashes[wp_id],
                        object_id=pk_by_wp[wp_id],
                    )
                )
            else:
                row.content_hash, row.object_id = hashes[wp_id], pk_by_wp[wp_id]
                updated.append(row)
        WordPressItem.objects.bulk_create(new)
        WordPressItem.objects.bulk_update(updated, ["content_hash", "object_id"])
