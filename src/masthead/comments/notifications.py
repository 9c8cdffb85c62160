"""Telling moderators that comments wait for them, in digests rather than a mail per comment.

The worker calls :func:`send_moderation_digest` every minute. The first held
comment after a quiet spell is mailed within a minute; while comments keep
arriving, at most one mail goes out per :data:`DIGEST_INTERVAL`, listing all
comments held since the last one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from .models import Comment, CommentSettings, ModerationDigest

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(minutes=15)
MAX_LISTED = 50


def moderator_addresses() -> list[str]:
    """The addresses set in Settings › Comments, or every active editor and administrator."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        configured = CommentSettings.for_site(site).notify_emails
        listed = [line.strip() for line in configured.splitlines() if line.strip()]
        if listed:
            return sorted(set(listed))
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name="Editors")
            | Q(groups__permissions__codename="moderate_comment")
            | Q(user_permissions__codename="moderate_comment")
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))


def send_moderation_digest(now=None) -> int:
    """Mail the moderators about newly held comments, when a digest is due; returns how many."""
    now = now or timezone.now()
    last = ModerationDigest.objects.order_by("-sent_at").first()
    if last is not None and now - last.sent_at < DIGEST_INTERVAL:
        return 0
    waiting = Comment.objects.filter(status=Comment.Status.PENDING, notified_at__isnull=True)
    ids = list(waiting.order_by("created_at").values_list("pk", flat=True))
    if not ids:
        return 0
    recipients = moderator_addresses()
    if not recipients:
        logger.warning("%s comments await moderation, but no moderator has an email.", len(ids))
        return 0
    claimed = Comment.objects.filter(pk__in=ids, notified_at__isnull=True).update(notified_at=now)
    if not claimed:
        return 0
    comments = list(
        Comment.objects.filter(pk__in=ids, notified_at=now)
        .select_related("article")
        .order_by("created_at")
    )
    try:
        _mail(comments, recipients)
    except Exception:
        # Not sent: put them back, so the next round tries again.
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(notified_at=None)
        raise
    ModerationDigest.objects.create(
        sent_at=now, comment_count=len(comments), recipient_count=len(recipients)
    )
    return len(comments)


def _mail(comments: list[Comment], recipients: list[str]) -> None:
    pending_total = Comment.objects.filter(status=Comment.Status.PENDING).count()
    queue_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("comments_admin:index")
    context = {
        "comments": comments[:MAX_LISTED],
        "more": max(len(comments) - MAX_LISTED, 0),
        "new_count": len(comments),
        "pending_total": pending_total,
        "queue_url": queue_url,
    }
    subject = (
        "1 comment awaits moderation"
        if len(comments) == 1
        else f"{len(comments)} comments await moderation"
    )
    send_mail(
        subject,
        render_to_string("comments/digest_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
