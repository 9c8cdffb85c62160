"""Accepting a reader's comment: the checks that refuse it, then the rules that place it.

Refusals (closed story, replayed form, flooding, duplicates) save nothing and say
why; an accepted comment is written in one transaction together with its spent
form token, so a comment is either wholly saved or not at all.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from masthead.news.models import ArticlePage

from . import remote
from .models import Comment, CommentSettings, SpentFormToken
from .rules import judge
from .tokens import FormToken

HELD_SALT = "masthead.comments.held"
# The query parameter of the link that shows its author a held comment.
HELD_PARAMETER = "held"
HELD_PREVIEW_MAX_AGE = 7 * 24 * 3600
USER_AGENT_CHARS = 255


class Refusal(Exception):
    """A comment that cannot be accepted, with the reader-facing reason and an HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Submission:
    """A valid form's contents plus where it came from."""

    body: str
    author_name: str
    author_email: str
    author_url: str
    parent_id: int | None
    ip: str | None
    user_agent: str
    token: FormToken
    is_bot: bool = False


def comments_open(article: ArticlePage, rules: CommentSettings, now=None) -> bool:
    """Open unless the editor closed the story or it is older than the site's limit."""
    if not article.comments_open or not article.live:
        return False
    if rules.close_after_days and article.first_published_at:
        now = now or timezone.now()
        return article.first_published_at >= now - timedelta(days=rules.close_after_days)
    return True


def staff_role_for_user(user, article: ArticlePage) -> str:
    """ "author" for a credited author of the story, "moderator" for moderators, else ""."""
    if user is None or not user.is_authenticated:
        return Comment.Role.READER
    emails = {author.email.lower() for author in article.credited_authors if author.email}
    if user.email and user.email.lower() in emails:
        return Comment.Role.AUTHOR
    if user.has_perm("comments.moderate_comment"):
        return Comment.Role.MODERATOR
    return Comment.Role.READER


def staff_role(request: HttpRequest, article: ArticlePage) -> str:
    """The role of whoever is signed in: readers never get one by typing an author's email."""
    return staff_role_for_user(getattr(request, "user", None), article)


def _reply_target(article: ArticlePage, parent_id: int | None, max_depth: int) -> Comment | None:
    """The approved comment to reply under, moved up the thread when nesting is too deep."""
    if parent_id is None:
        return None
    parent = Comment.objects.approved().filter(article=article, pk=parent_id).first()
    if parent is None:
        raise Refusal(
            "The comment you are replying to is not there any more. "
            "Your text is kept below: send it as a new comment, or pick another to reply to.",
            status=400,
        )
    while parent is not None and parent.depth >= max_depth:
        parent = parent.parent
    return parent


def _check_flood(submission: Submission, rules: CommentSettings, now) -> None:
    if not rules.flood_seconds:
        return
    since = now - timedelta(seconds=rules.flood_seconds)
    sender = Q(author_email=submission.author_email)
    if submission.ip:
        sender |= Q(author_ip=submission.ip)
    if Comment.objects.filter(sender, created_at__gte=since).exists():
        raise Refusal(
            f"You are posting comments too quickly: please wait {rules.flood_seconds} seconds "
            "between comments, then send this one again. Your text is kept below.",
            status=429,
        )


def _check_duplicate(article: ArticlePage, submission: Submission) -> None:
    duplicate = (
        Comment.objects.filter(
            article=article, author_email=submission.author_email, body=submission.body
        )
        .exclude(status=Comment.Status.TRASH)
        .exists()
    )
    if duplicate:
        raise Refusal(
            "Duplicate comment: it looks as though you have already said that on this story.",
            status=409,
        )


def spent_key(token: FormToken, email: str, body: str) -> str:
    """What is recorded when a form is used: its nonce, with this sender and text.

    The page cache hands one printed form to every anonymous reader of a story
    (and to one reader in every tab), so a nonce alone would let only the first
    comment through; with the sender and the text, it still stops the same
    form being sent twice, by a double click or a reload.
    """
    material = f"{token.nonce}:{email.strip().lower()}:{body}".encode()
    return hashlib.blake2b(material, digest_size=16).hexdigest()


def _spend(token: FormToken, email: str, body: str) -> None:
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(nonce=spent_key(token, email, body))
    except IntegrityError as error:
        raise Refusal(
            "This form was already used to send a comment. If you meant to send another, "
            "check it below and send it again.",
            status=400,
        ) from error


def accept(
    request: HttpRequest, article: ArticlePage, rules: CommentSettings, submission: Submission
) -> Comment:
    """Save the comment with the status the rules give it, or raise :class:`Refusal`."""
    role = staff_role(request, article)
    comment = Comment(
        article=article,
        author_name=submission.author_name,
        author_email=submission.author_email,
        author_url=submission.author_url,
        author_ip=submission.ip,
        user_agent=submission.user_agent[:USER_AGENT_CHARS],
        user=request.user if role else None,
        role=role,
        body=submission.body,
    )
    remote_verdict = None
    if rules.use_remote_spam_service and not role and not submission.is_bot:
        remote_verdict = remote.check_comment(
            comment, request.build_absolute_uri("/"), request.build_absolute_uri(article.url)
        )
    now = timezone.now()
    with transaction.atomic():
        _spend(submission.token, submission.author_email, submission.body)
        if not role:
            _check_flood(submission, rules, now)
        _check_duplicate(article, submission)
        parent = _reply_target(article, submission.parent_id, rules.max_depth)
        if parent is not None:
            comment.parent = parent
            comment.thread_id = parent.thread_id or parent.pk
            comment.depth = parent.depth + 1
        verdict = judge(
            comment, rules, remote_says_spam=remote_verdict, honeypot_filled=submission.is_bot
        )
        comment.status = verdict.status
        comment.held_because = verdict.summary
        comment.spam_score = verdict.spam_score
        comment.created_at = now
        comment.save()
    return comment


# Where the reader lands afterwards ---------------------------------------------


def held_preview_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=HELD_SALT)


def held_comment_id(value: str) -> int | None:
    """The comment id in a ``?held=`` link (:data:`HELD_PARAMETER`), if genuine and recent."""
    if not value or len(value) > 200:
        return None
    try:
        return int(signing.loads(value, salt=HELD_SALT, max_age=HELD_PREVIEW_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
