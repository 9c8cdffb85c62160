"""The warning at the top of a translation's editor (see masthead.news.translation_status)."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class TranslationStatusPanel(Panel):
    """At the top of a translation's editor when its original has changed since."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/admin/translation_status_panel.html"

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            # Imported here: the models import this panel, and the status reads the models.
            from .translation_status import staleness

            self.staleness = staleness(self.instance) if self.instance is not None else None

        def is_shown(self) -> bool:
            return self.staleness is not None

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["staleness"] = self.staleness
            context["mark_url"] = reverse("translation_up_to_date", args=[self.instance.pk])
            return context
