"""What discovery stores: editors' pins and exclusions, the computed lists, the block's size.

The lists under each article ("You May Also Like") are computed by the
background worker (see :mod:`masthead.discovery.related`) and stored as rows of
:class:`RelatedArticle`, so the article page reads them with one query.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

# Lists keep more stories than the block shows, so that a story unpublished
# since the last computation leaves a gap the next one fills.
STORED_PER_ARTICLE = 12
DEFAULT_BLOCK_SIZE = 4


class RelatedPin(Orderable):
    """A story an editor wants shown first under an article, in this order."""

    article = ParentalKey("news.ArticlePage", related_name="related_pins", on_delete=models.CASCADE)
    pinned = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="story",
        help_text="Shown first under this article while it is published.",
    )

    panels = [FieldPanel("pinned")]

    class Meta(Orderable.Meta):
        verbose_name = "pinned story"
        unique_together = [("article", "pinned")]

    def __str__(self) -> str:
        return f"{self.article_id} pins {self.pinned_id}"


class RelatedExclusion(models.Model):
    """A story that must never be suggested under an article."""

    article = ParentalKey(
        "news.ArticlePage", related_name="related_exclusions", on_delete=models.CASCADE
    )
    excluded = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="story",
        help_text="Never suggested under this article.",
    )

    panels = [FieldPanel("excluded")]

    class Meta:
        verbose_name = "excluded story"
        unique_together = [("article", "excluded")]

    def __str__(self) -> str:
        return f"{self.article_id} excludes {self.excluded_id}"


class RelatedArticle(models.Model):
    """One computed suggestion: ``target`` at ``position`` under ``source``."""

    source = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="computed_related"
    )
    target = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField()
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="related_source_position")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id} (#{self.position})"


@register_setting(icon="list-ul")
class DiscoverySettings(BaseSiteSetting):
    """Settings › Discovery: how many related stories each article shows."""

    related_count = models.PositiveSmallIntegerField(
        "stories in “You May Also Like”",
        default=DEFAULT_BLOCK_SIZE,
        validators=[MinValueValidator(1), MaxValueValidator(STORED_PER_ARTICLE)],
        help_text=f"Between 1 and {STORED_PER_ARTICLE}.",
    )

    panels = [FieldPanel("related_count")]

    class Meta:
        verbose_name = "Discovery"
