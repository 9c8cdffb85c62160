"""What the distribution app stores: the newsroom's feed choices and the pings it owes."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="globe")
class DistributionSettings(BaseSiteSetting):
    """How the newsroom shows itself to feed readers, search engines and social networks."""

    feed_full_text = models.BooleanField(
        "full text in feeds",
        default=False,
        help_text=(
            "Put whole stories in the RSS and Atom feeds. When unticked, feeds carry the "
            "excerpt and readers follow the link to the site."
        ),
    )
    publisher_logo = models.ForeignKey(
        "core.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The newsroom's logo for search engines (Google asks for a wide raster image, "
            "at most 600×60). Without one, a wordmark of the site's name is drawn."
        ),
    )
    x_handle = models.CharField(
        "X (Twitter) account",
        max_length=50,
        blank=True,
        help_text="The newsroom's account, e.g. @meridianweekly, named on X cards.",
    )

    panels = [FieldPanel("feed_full_text"), FieldPanel("publisher_logo"), FieldPanel("x_handle")]

    class Meta:
        verbose_name = "Distribution"


class Ping(models.Model):
    """One notice owed to an outside service (a WebSub hub or an IndexNow endpoint).

    Kept in the database so that a failed delivery is retried with backoff, and
    so that an operator can see in the admin's database what was sent and when.
    """

    class Kind(models.TextChoices):
        WEBSUB = "websub", "WebSub hub"
        INDEXNOW = "indexnow", "IndexNow"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    endpoint = models.URLField(max_length=500)
    urls = models.JSONField(help_text="The URLs this notice is about.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.endpoint} ({self.status})"
