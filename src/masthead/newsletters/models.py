"""Newsletters: lists readers sign up to, their subscribers, editions and every delivery.

A reader is one :class:`Subscriber` (one row per address) with one
:class:`Subscription` per list. Nothing is sent to a subscription until the
reader confirms it (double opt-in); :class:`ConsentEvent` keeps the record of
who agreed to what, when, from where. An :class:`Edition` is one mailing to one
list; each recipient gets a :class:`Delivery` row, which is what makes sending
resumable and exactly-once.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin


def new_subscriber_key() -> str:
    """The random secret that signed links carry instead of the address or a row id."""
    return secrets.token_urlsafe(18)


class Cadence(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as a story is published"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"
    MANUAL = "manual", "Only editions composed by hand"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class NewsletterList(models.Model):
    """One newsletter readers can choose: "Daily headlines", "Breaking news"…"""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(
        max_length=255, blank=True, help_text="One line shown beside the name in the sign-up box."
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    send_hour = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(23)],
        help_text="Hour of the day (0–23, newsroom time) daily and weekly digests go out.",
    )
    send_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.THURSDAY, help_text="Day weekly digests go out."
    )
    only_tag = models.CharField(
        "only stories tagged",
        max_length=100,
        blank=True,
        help_text="Leave empty for every story; e.g. “Breaking” sends only stories with that tag.",
    )
    public = models.BooleanField(
        "offered in the sign-up box",
        default=True,
        help_text="Untick to stop new sign-ups; current subscribers keep receiving it.",
    )
    sort_order = models.IntegerField(default=0, help_text="Lower numbers come first.")
    language = models.CharField(
        "edition",
        max_length=15,
        blank=True,
        help_text=(
            "With editions in several languages: the language code (e.g. “hy”) of the one "
            "edition this list belongs to, whose stories only it sends, written in its language. "
            "Empty: every edition's stories, in the default language, offered in every edition."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("cadence"),
                FieldPanel("send_hour"),
                FieldPanel("send_weekday"),
                FieldPanel("only_tag"),
            ],
            heading="What is sent, and when",
        ),
        FieldPanel("language"),
        FieldPanel("public"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "newsletter list"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from masthead.core.editions import edition_languages, is_multilingual

        self.language = self.language.strip().lower()
        if self.language and (not is_multilingual() or self.language not in edition_languages()):
            offered = ", ".join(edition_languages()) if is_multilingual() else "none"
            message = f"“{self.language}” is not an edition's language (editions: {offered})."
            raise ValidationError({"language": message})

    def subscriber_counts(self) -> dict[str, int]:
        """How many subscriptions are pending, active and unsubscribed."""
        counts = dict.fromkeys(SubscriptionStatus.values, 0)
        rows = self.subscriptions.values("status").annotate(n=Count("pk"))
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    def subscriber_summary(self) -> str:
        counts = self.subscriber_counts()
        return (
            f"{counts[SubscriptionStatus.ACTIVE]} subscribed, "
            f"{counts[SubscriptionStatus.PENDING]} awaiting confirmation, "
            f"{counts[SubscriptionStatus.UNSUBSCRIBED]} unsubscribed"
        )


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed from everything"
    BOUNCED = "bounced", "Mail bounced"
    COMPLAINED = "complained", "Marked as spam"


class Subscriber(models.Model):
    """One reader's address. Suppressed addresses get nothing until they opt in again."""

    email = models.EmailField(max_length=254, unique=True)
    name = models.CharField(max_length=100, blank=True)
    key = models.CharField(max_length=32, unique=True, default=new_subscriber_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    suppressed_at = models.DateTimeField(null=True, blank=True, editable=False)
    suppression_reason = models.CharField(
        max_length=20, choices=SuppressionReason.choices, blank=True, editable=False
    )
    # Rate limiting of confirmation mails: repeated sign-ups must not flood an inbox.
    last_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    mails_in_window = models.PositiveSmallIntegerField(default=0, editable=False)
    # The edition they last signed up in (empty with one language): their mails' language.
    language = models.CharField(max_length=15, blank=True, editable=False)

    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_suppressed(self) -> bool:
        return self.suppressed_at is not None

    def status_summary(self) -> str:
        """One line for the admin: suppressed, or which lists are active and pending."""
        if self.is_suppressed:
            return f"Suppressed: {self.get_suppression_reason_display().lower()}"
        parts = []
        for subscription in self.subscriptions.select_related("newsletter"):
            parts.append(f"{subscription.newsletter.name} ({subscription.get_status_display()})")
        return "; ".join(parts) or "No lists"

    status_summary.short_description = "Lists"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting confirmation"
    ACTIVE = "active", "Subscribed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class Subscription(models.Model):
    """A subscriber on one list; only ``active`` ones receive editions."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(
        max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        max_length=500, blank=True, help_text="The page or import the subscription came from."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="one_subscription")
        ]
        indexes = [models.Index(fields=["newsletter", "status"], name="subscription_list_status")]

    def __str__(self) -> str:
        return f"{self.subscriber} on {self.newsletter}"


class ConsentAction(models.TextChoices):
    REQUESTED = "requested", "Asked to subscribe"
    CONFIRMED = "confirmed", "Confirmed"
    IMPORTED = "imported", "Imported with consent"
    CHANGED = "changed", "Subscribed from the preference centre"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    SUPPRESSED = "suppressed", "Suppressed"


class ConsentEvent(models.Model):
    """The consent record: what the reader (or a bounce) did, when, from where."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consent")
    newsletter = models.ForeignKey(
        NewsletterList, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edition = models.ForeignKey(
        "Edition", null=True, blank=True, on_delete=models.SET_NULL, related_name="consent_events"
    )
    action = models.CharField(max_length=20, choices=ConsentAction.choices)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        where = f" on {self.newsletter}" if self.newsletter_id else ""
        return f"{self.get_action_display()}{where}"


class EditionKind(models.TextChoices):
    MANUAL = "manual", "Composed by hand"
    DIGEST = "digest", "Automatic digest"
    BREAKING = "breaking", "Breaking news"


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"


class Edition(PreviewableMixin, ClusterableModel):
    """One mailing to one list: a hand-made edition, a digest or a breaking-news alert."""

    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.PROTECT, related_name="editions"
    )
    subject = models.CharField(max_length=150)
    intro = models.TextField(blank=True, help_text="A few words above the stories (optional).")
    kind = models.CharField(
        max_length=10, choices=EditionKind.choices, default=EditionKind.MANUAL, editable=False
    )
    # Digests and alerts are made by the worker; this key makes making them idempotent.
    automatic_key = models.CharField(max_length=64, blank=True, editable=False)
    covers_until = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT, editable=False
    )
    send_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The sender holding the edition renews this; a stale heartbeat lets another take over.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_owner = models.CharField(max_length=32, blank=True, editable=False)
    recipients_ready = models.BooleanField(default=False, editable=False)
    # What was rendered when sending began: a resumed send sends the very same mail.
    html_body = models.TextField(blank=True, editable=False)
    text_body = models.TextField(blank=True, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("items", heading="Stories", label="Story"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "automatic_key"],
                condition=~Q(automatic_key=""),
                name="one_automatic_edition",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_editable(self) -> bool:
        return self.status in (EditionStatus.DRAFT, EditionStatus.SCHEDULED)

    def figures(self) -> dict[str, int]:
        """Recipients, sent, failed, bounced and unsubscribed, as the admin reports them."""
        deliveries = self.deliveries.aggregate(
            recipients=Count("pk"),
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            bounced=Count("pk", filter=Q(bounced_at__isnull=False)),
            complained=Count("pk", filter=Q(complained_at__isnull=False)),
        )
        deliveries["unsubscribed"] = (
            self.consent_events.filter(action=ConsentAction.UNSUBSCRIBED)
            .values("subscriber")
            .distinct()
            .count()
        )
        return deliveries

    def figures_summary(self) -> str:
        figures = self.figures()
        return (
            f"{figures['recipients']} recipients · {figures['sent']} sent · "
            f"{figures['failed']} failed · {figures['bounced']} bounced · "
            f"{figures['unsubscribed']} unsubscribed"
        )

    # Preview in the admin ------------------------------------------------

    def serve_preview(self, request, mode_name):
        from .rendering import preview_html

        return HttpResponse(preview_html(self))


class EditionArticle(Orderable):
    """A story in a hand-made edition, in the order the editor set."""

    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]

    def __str__(self) -> str:
        return str(self.article)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (unsubscribed before it went out)"


class Delivery(models.Model):
    """One recipient of one edition. Its status is the record that makes sends exactly-once."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    complained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"], name="one_delivery")
        ]
        indexes = [models.Index(fields=["edition", "status", "id"], name="delivery_queue")]

    def __str__(self) -> str:
        return f"{self.edition} → {self.subscriber}"
