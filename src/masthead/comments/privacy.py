"""Answering a reader's data request (GDPR articles 15 and 17) by email address.

Export gives everything stored about their comments. Erasure deletes their
comments; a comment that others have replied to is emptied and anonymised
instead, so that the replies keep their place in the thread.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Comment

ERASED_NAME = "Deleted"
ERASED_TEXT = "This comment was removed at its author's request."


def normalise_email(email: str) -> str:
    return email.strip().lower()


def comments_by(email: str):
    return Comment.objects.filter(author_email=normalise_email(email)).select_related("article")


def export_comments(email: str, site_root_url: str = "") -> dict:
    """Everything stored about one person's comments, ready to be written as JSON."""
    email = normalise_email(email)
    items = []
    for comment in comments_by(email).order_by("created_at", "pk"):
        items.append(
            {
                "id": comment.pk,
                "story": comment.article.title,
                "story_url": site_root_url.rstrip("/") + (comment.article.url or ""),
                "in_reply_to": comment.parent_id,
                "posted_at": comment.created_at.isoformat(),
                "status": comment.status,
                "name": comment.author_name,
                "email": comment.author_email,
                "website": comment.author_url,
                "ip_address": comment.author_ip,
                "user_agent": comment.user_agent,
                "text": comment.body,
            }
        )
    return {"email": email, "comment_count": len(items), "comments": items}


@dataclass(frozen=True)
class Erasure:
    deleted: int
    anonymised: int


@transaction.atomic
def erase_comments(email: str) -> Erasure:
    """Remove one person's comments, keeping others' replies in place under an empty one."""
    email = normalise_email(email)
    if not email:
        return Erasure(0, 0)
    mine = list(comments_by(email).select_for_update())
    with_replies = set(
        Comment.objects.filter(parent__in=mine)
        .exclude(author_email=email)
        .values_list("parent_id", flat=True)
    )
    keep = [comment for comment in mine if comment.pk in with_replies]
    for comment in keep:
        comment.author_name = ERASED_NAME
        comment.author_email = ""
        comment.author_url = ""
        comment.author_ip = None
        comment.user_agent = ""
        comment.body = ERASED_TEXT
        comment.erased = True
        comment.save()
    removable = [comment.pk for comment in mine if comment.pk not in with_replies]
    # Children of removed comments that are also this person's go with them (cascade).
    Comment.objects.filter(pk__in=removable).delete()
    return Erasure(deleted=len(removable), anonymised=len(keep))
