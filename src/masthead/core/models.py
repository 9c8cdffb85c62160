"""Models every domain of Masthead uses: the image library and the newsroom's settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import AbstractImage, AbstractRendition, Filter
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

    # Renditions read from the cache are not written back to it. Wagtail 8.0
    # marks only prefetched renditions as cached (``_from_cache``), so every
    # ``get_renditions`` call stored again what it had just read, and every
    # ``get_rendition`` call stored its rendition whatever its origin: about 20
    # cache writes for one story page. Wagtail fixed both upstream after 8.0.1
    # (wagtail/wagtail#14541); these two overrides can go once that is released.

    def find_existing_renditions(self, *filters: Filter) -> dict[Filter, AbstractRendition]:
        if self._get_prefetched_renditions() is not None:
            return super().find_existing_renditions(*filters)  # marks what it finds
        Rendition = self.get_rendition_model()
        by_key = {
            Rendition.construct_cache_key(
                self, spec_filter.get_cache_key(self), spec_filter.spec
            ): (spec_filter)
            for spec_filter in filters
        }
        found: dict[Filter, AbstractRendition] = {}
        for key, rendition in Rendition.cache_backend.get_many(list(by_key)).items():
            rendition.image = self  # so that per-instance attributes (alt text) apply
            rendition._from_cache = True
            found[by_key[key]] = rendition
        missing = [spec_filter for spec_filter in filters if spec_filter not in found]
        if missing:  # from the database (Wagtail asks the cache once more: a miss)
            found.update(super().find_existing_renditions(*missing))
        return found

    def get_rendition(self, filter: Filter | str) -> AbstractRendition:
        """One rendition, found or made as ``get_renditions`` does (and stored only if new)."""
        if isinstance(filter, str):
            filter = Filter(spec=filter)
        elif not isinstance(filter, Filter):
            raise InvalidFilterSpecError(
                "Unrecognised filter format - string or Filter instance expected"
            )
        (rendition,) = self.get_renditions(filter).values()
        return rendition


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
