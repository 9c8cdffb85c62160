"""Date-time fields for scheduling, to the minute, that say which time zone they mean.

Wagtail's picker lists whole hours only (the datetimepicker's default step is
60 minutes) and says nothing of the time zone, so "09:00" could mean the
server's UTC or the newsroom's clock. These widgets list every five minutes,
accept any minute typed, and their help text names the time zone the admin
reads times in: the user's own choice in their Wagtail profile, else the
site's ``TIME_ZONE``.
"""

import json

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.admin.widgets import AdminDateTimeInput

PICKER_STEP_MINUTES = 5


class MinuteDateTimeInput(AdminDateTimeInput):
    """Wagtail's date-time picker, listing times every five minutes instead of every hour.

    With ``in_flow``, the picker opens in the page's flow under its field instead
    of floating over what follows: in Wagtail's schedule dialog the floating
    picker covered the next field and the dialog's own "Save schedule" button.
    """

    def __init__(self, *args, in_flow: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flow = in_flow

    def get_config(self) -> dict:
        return {**super().get_config(), "step": PICKER_STEP_MINUTES}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if self.in_flow and field_id:
            config = self.get_config()
            # The field's own wrapper: the stylesheet puts the picker in its flow.
            config["parentID"] = f"[data-field-wrapper]:has(#{field_id})"
            context["widget"]["config_json"] = json.dumps(config)
        return context

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["masthead/schedule-picker.css"]})


def _time_zone_help(lead: str = "") -> str:
    zone = timezone.get_current_timezone_name()
    offset = timezone.localtime().strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return (
        f"{lead}Date and time as YYYY-MM-DD HH:MM, to the minute, "
        f"in the {zone} time zone ({offset} now)."
    ).strip()


time_zone_help = lazy(_time_zone_help, str)


class SchedulePanel(PublishingPanel):
    """Wagtail's "go live" / "expire" panel, with minute steps and the time zone said."""

    def __init__(self, **kwargs):
        kwargs.setdefault("children", schedule_field_panels())
        super().__init__(**kwargs)


def schedule_field_panels() -> list[FieldPanel]:
    leads = {
        "go_live_at": "When the page goes live. ",
        "expire_at": "When the page is taken down. ",
    }
    return [
        FieldPanel(
            name,
            widget=MinuteDateTimeInput(
                in_flow=True,
                attrs={
                    "data-controller": "w-action",
                    "data-action": "w-dialog:hidden->w-action#reset",
                    "data-w-dialog-target": "notify",
                },
            ),
            help_text=time_zone_help(lead),
        )
        for name, lead in leads.items()
    ]
