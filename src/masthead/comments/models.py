"""Reader comments, the moderation rules that judge them, and the spam filter's memory.

A comment belongs to an article and, when it is a reply, to its parent and to the
top-level comment that starts its thread (``thread``): the page fetches a page of
threads and all their replies in two queries, whatever their number.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .text import render_comment_html

MAX_COMMENT_CHARS = 65_525  # WordPress's limit (a MySQL TEXT column less its overhead).
MAX_NAME_CHARS = 245
MAX_EMAIL_CHARS = 100
MAX_URL_CHARS = 200


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def search(self, query: str) -> "CommentQuerySet":
        """Comments whose author, email or IP address match what a moderator typed."""
        query = query.strip()
        if not query:
            return self
        condition = (
            models.Q(author_name__icontains=query)
            | models.Q(author_email__icontains=query)
            | models.Q(author_url__icontains=query)
        )
        if all(char in "0123456789abcdefABCDEF.:" for char in query):
            condition |= models.Q(author_ip__startswith=query)
        return self.filter(condition)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    class Role(models.TextChoices):
        READER = "", "Reader"
        AUTHOR = "author", "Author"
        MODERATOR = "moderator", "Moderator"

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="thread_replies",
        help_text="The top-level comment this reply belongs under; empty for top-level ones.",
    )
    depth = models.PositiveSmallIntegerField(default=1)

    author_name = models.CharField("name", max_length=MAX_NAME_CHARS)
    author_email = models.EmailField("email", max_length=MAX_EMAIL_CHARS, blank=True)
    author_url = models.URLField("website", max_length=MAX_URL_CHARS, blank=True)
    author_ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.READER, blank=True)

    body = models.TextField("comment", max_length=MAX_COMMENT_CHARS)
    body_html = models.TextField(editable=False, blank=True)

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    held_because = models.CharField(max_length=255, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    trained_as = models.CharField(
        max_length=8,
        blank=True,
        editable=False,
        help_text="What the spam filter last learned from this comment: spam, ham or nothing.",
    )
    erased = models.BooleanField(default=False, editable=False)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "parent", "created_at"]),
            models.Index(fields=["thread", "status"]),
            models.Index(fields=["author_email", "status"]),
            models.Index(fields=["author_ip", "created_at"]),
        ]
        permissions = [("moderate_comment", "Can moderate reader comments")]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        self.body_html = render_comment_html(self.body)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def public_url(self) -> str:
        """Where the author's website link points: only http(s) addresses are printed."""
        url = self.author_url
        return url if url.lower().startswith(("http://", "https://")) else ""


class SpentFormToken(models.Model):
    """A comment form that has been used: its nonce may not post a second comment."""

    nonce = models.CharField(max_length=32, unique=True)
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.nonce


class SpamToken(models.Model):
    """How often one feature appeared in spam and in ham that the filter learned from."""

    namespace = models.CharField(max_length=64, default="site")
    token = models.CharField(max_length=64)
    spam = models.PositiveIntegerField(default=0)
    ham = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["namespace", "token"], name="unique_spam_token")
        ]

    def __str__(self) -> str:
        return f"{self.token} (spam {self.spam}, ham {self.ham})"


class SpamCorpus(models.Model):
    """Totals the classifier needs: documents and feature occurrences learned per class."""

    namespace = models.CharField(max_length=64, unique=True, default="site")
    spam_documents = models.PositiveIntegerField(default=0)
    ham_documents = models.PositiveIntegerField(default=0)
    spam_features = models.PositiveBigIntegerField(default=0)
    ham_features = models.PositiveBigIntegerField(default=0)
    vocabulary = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.namespace}: {self.spam_documents} spam, {self.ham_documents} ham"


class ModerationDigest(models.Model):
    """A notification mail sent to the moderators, so that busy spells get one mail."""

    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    comment_count = models.PositiveIntegerField()
    recipient_count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.comment_count} comments on {self.sent_at:%Y-%m-%d %H:%M}"


def _keyword_help(action: str) -> str:
    return (
        f"One word, phrase, address or IP per line. A comment containing any of them in its "
        f"text, name, email, website, IP address or browser is {action}. Matching ignores case "
        "and also finds parts of words (“press” matches “WordPress”)."
    )


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """The comment rules of one site, edited in Settings › Comments (WordPress's defaults)."""

    max_depth = models.PositiveSmallIntegerField(
        "reply nesting depth",
        default=5,
        help_text="How many levels deep replies nest (1 = no replies).",
    )
    per_page = models.PositiveSmallIntegerField(
        "top-level comments per page", default=50, help_text="Replies stay with their thread."
    )
    newest_first = models.BooleanField(
        "newest comments first", default=False, help_text="Untick to show the oldest first."
    )
    close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        default=0,
        help_text="Close comments automatically on stories older than this. 0 keeps them open.",
    )
    hold_all = models.BooleanField(
        "hold every comment for moderation", default=False, help_text="Even from known readers."
    )
    require_previous_approval = models.BooleanField(
        "hold unless the author has an approved comment",
        default=True,
        help_text="A reader whose name and email already carry an approved comment goes live.",
    )
    max_links = models.PositiveSmallIntegerField(
        "hold comments with more than this many links", default=2
    )
    moderation_keywords = models.TextField(
        "hold for moderation", blank=True, help_text=_keyword_help("held for moderation")
    )
    disallowed_keywords = models.TextField(
        "send to spam", blank=True, help_text=_keyword_help("sent to spam")
    )
    flood_seconds = models.PositiveSmallIntegerField(
        "seconds between comments",
        default=15,
        help_text="A reader (by email and by IP address) may post once in this many seconds.",
    )
    notify_emails = models.TextField(
        "notify about held comments",
        blank=True,
        help_text="Addresses, one per line. Empty: every active editor and administrator.",
    )
    use_remote_spam_service = models.BooleanField(
        "also ask the Akismet-compatible service",
        default=False,
        help_text=(
            "Sends each new comment, including the reader's email and IP address, to the "
            "service set by MASTHEAD_AKISMET_KEY. Off by default: say so in your privacy policy."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("max_depth"), FieldPanel("per_page"), FieldPanel("newest_first")],
            heading="Display",
        ),
        MultiFieldPanel(
            [
                FieldPanel("close_after_days"),
                FieldPanel("hold_all"),
                FieldPanel("require_previous_approval"),
                FieldPanel("max_links"),
                FieldPanel("moderation_keywords"),
                FieldPanel("disallowed_keywords"),
                FieldPanel("flood_seconds"),
            ],
            heading="Moderation",
        ),
        MultiFieldPanel(
            [FieldPanel("notify_emails"), FieldPanel("use_remote_spam_service")],
            heading="Notifications and services",
        ),
    ]

    class Meta:
        verbose_name = "Comments"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not 1 <= self.max_depth <= 10:
            raise ValidationError({"max_depth": "Choose a depth from 1 to 10."})
        if not 1 <= self.per_page <= 500:
            raise ValidationError({"per_page": "Choose from 1 to 500 comments per page."})
