"""What moderators do to comments, and how the spam filter learns from it.

Approving a comment teaches the filter "not spam"; marking it spam teaches
"spam". A comment remembers what the filter learned from it (``trained_as``), so
a moderator changing their mind makes the filter forget the first lesson before
it learns the second, and approving twice counts once. Trashing teaches nothing:
a comment can be off-topic without being spam.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from masthead.caching.invalidation import invalidate
from masthead.caching.tags import page_tag

from .classifier import Example, SpamFilter
from .models import Comment

SPAM, HAM = "spam", "ham"

ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "unapprove": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
}
ACTION_LABELS = {
    "approve": "Approve",
    "unapprove": "Unapprove",
    "spam": "Mark as spam",
    "trash": "Move to trash",
    "delete": "Delete permanently",
}
LESSON_FOR_STATUS = {Comment.Status.APPROVED: HAM, Comment.Status.SPAM: SPAM}


def example_of(comment: Comment) -> Example:
    return Example(comment.body, author_name=comment.author_name, author_url=comment.author_url)


def teach(comments: Iterable[Comment], lesson: str, spam_filter: SpamFilter | None = None) -> int:
    """Make the filter learn ``lesson`` (spam or ham) from each comment, once; returns how many.

    The caller saves ``trained_as`` on the comments (done in :func:`apply_action`).
    """
    spam_filter = spam_filter or SpamFilter()
    to_forget: dict[str, list[Comment]] = {SPAM: [], HAM: []}
    to_learn: list[Comment] = []
    for comment in comments:
        if comment.trained_as == lesson:
            continue
        if comment.trained_as in to_forget:
            to_forget[comment.trained_as].append(comment)
        to_learn.append(comment)
        comment.trained_as = lesson
    for old_lesson, forgotten in to_forget.items():
        if forgotten:
            spam_filter.learn(((example_of(c), old_lesson == SPAM) for c in forgotten), forget=True)
    return spam_filter.learn((example_of(c), lesson == SPAM) for c in to_learn)


@transaction.atomic
def apply_action(comment_ids: Iterable[int], action: str) -> int:
    """Carry out one moderation action on the given comments; returns how many changed."""
    comments = list(Comment.objects.select_for_update().filter(pk__in=list(comment_ids)))
    if action == "delete":
        trashed = [c.pk for c in comments if c.status == Comment.Status.TRASH]
        Comment.objects.filter(pk__in=trashed).delete()
        return len(trashed)
    status = ACTIONS[action]
    changing = [c for c in comments if c.status != status]
    lesson = LESSON_FOR_STATUS.get(status)
    if lesson:
        teach(comments, lesson)
    # Readers see a change only when a comment goes into or out of the approved ones.
    shown_on = {
        comment.article_id
        for comment in changing
        if Comment.Status.APPROVED in (comment.status, status)
    }
    for comment in changing:
        comment.status = status
        if status == Comment.Status.APPROVED:
            comment.held_because = ""
    Comment.objects.bulk_update(comments, ["status", "held_because", "trained_as"], batch_size=500)
    invalidate({page_tag(article_id) for article_id in shown_on})
    return len(changing)


def staff_reply(parent: Comment, user, body: str) -> Comment:
    """A moderator's (or the story's author's) reply from the admin; approves the parent too."""
    from .posting import staff_role_for_user

    with transaction.atomic():
        if parent.status != Comment.Status.APPROVED:
            apply_action([parent.pk], "approve")
            parent.refresh_from_db()
        depth = parent.depth + 1
        reply = Comment(
            article=parent.article,
            parent=parent,
            thread_id=parent.thread_id or parent.pk,
            depth=depth,
            author_name=user.get_full_name() or user.get_username(),
            author_email=(user.email or "").lower(),
            user=user,
            role=staff_role_for_user(user, parent.article) or Comment.Role.MODERATOR,
            body=body,
            status=Comment.Status.APPROVED,
            created_at=timezone.now(),
        )
        reply.save()
    return reply
