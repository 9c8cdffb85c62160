"""Models every domain of Masthead uses: the image library and the newsroom's settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage


class NewsImage(AbstractImage):
    """A picture in the library, with the credit a newsroom must print beside it."""

    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Photographer or agency, printed with the picture (e.g. “Photo: AP”).",
    )
    caption = models.TextField(blank=True, help_text="Default caption; a page may override it.")

    admin_form_fields = WagtailImage.admin_form_fields + ("credit", "caption")


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """The newsroom's identity, edited in Settings › Newsroom."""

    tagline = models.CharField(max_length=255, blank=True)
    about = models.TextField(blank=True, help_text="One or two sentences shown in the footer.")
    contact_email = models.EmailField(blank=True)
    default_signoff = models.CharField(
        max_length=100,
        blank=True,
        help_text="Sign-off printed under articles that have none of their own.",
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("about"),
        FieldPanel("contact_email"),
        FieldPanel("default_signoff"),
    ]

    class Meta:
        verbose_name = "Newsroom"
