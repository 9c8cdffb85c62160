"""The desk's panel on the admin dashboard: the day at a glance.

What waits for an editor's review, what goes live by itself today and what
already went out: the three questions a morning meeting starts with. Wagtail's
own "Awaiting your review" panel stays below it for the review actions; this
one counts and links to the Stories list and the calendar for the rest.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .calendar import stories_between
from .desk import IN_REVIEW, filter_by_status
from .desk_access import stories_visible_to

PANEL_STORIES = 8


class DeskTodayPanel(Component):
    name = "desk_today"
    template_name = "news/admin/desk_today_panel.html"
    order = 80

    def get_context_data(self, parent_context: dict) -> dict:
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        visible = stories_visible_to(user)
        today = timezone.localdate()
        entries = stories_between(today, today + timedelta(days=1), visible)
        in_review = filter_by_status(visible, IN_REVIEW).order_by("-latest_revision_created_at")
        stories_url = reverse("stories:index")
        context.update(
            today=today,
            going_live=[entry for entry in entries if entry.scheduled],
            published=[entry for entry in entries if not entry.scheduled],
            in_review=in_review[:PANEL_STORIES],
            in_review_count=in_review.count(),
            in_review_url=f"{stories_url}?status={IN_REVIEW}",
            calendar_url=reverse("stories:calendar"),
            time_zone=timezone.get_current_timezone_name(),
        )
        return context
