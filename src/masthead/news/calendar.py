"""The editorial calendar: what went live and what is scheduled, day by day.

An editor plans the week ahead and checks the week behind from one grid. A
story's day is the day it first went live, or, while it waits, the day its
approved schedule will publish it; both are read in the site's time zone
(``TIME_ZONE``), which the page names, so "Thursday" means the newsroom's
Thursday and not the server's.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, Revision

from .desk_access import stories_visible_to, works_the_desk
from .models import ArticlePage

DAYS_IN_WEEK = 7
WEEK_PARAMETER = "week"  # the calendar's week: ?week=2026-03-02 (its Monday)


@dataclass
class Entry:
    """One story on one day: when, and whether it is already out."""

    story: ArticlePage
    at: datetime
    scheduled: bool


@dataclass
class Day:
    day: date
    entries: list[Entry] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def stories_between(start: date, end: date, stories=None) -> list[Entry]:
    """Stories that went live, or are scheduled to, from ``start`` up to ``end`` (excluded).

    ``stories`` narrows the set (to the pages a user may see); a story that is
    live and also scheduled to change is listed on both days.
    """
    stories = ArticlePage.objects.all() if stories is None else stories
    since, until = _local_midnight(start), _local_midnight(end)
    entries = [
        Entry(story, story.first_published_at, scheduled=False)
        for story in stories.filter(
            first_published_at__gte=since, first_published_at__lt=until, live=True
        )
    ]
    page_type = ContentType.objects.get_for_model(Page)
    waiting = Revision.objects.filter(
        base_content_type=page_type,
        approved_go_live_at__gte=since,
        approved_go_live_at__lt=until,
    ).values_list("object_id", "approved_go_live_at")
    go_live = {int(object_id): at for object_id, at in waiting}
    if go_live:
        for story in stories.filter(pk__in=go_live):
            entries.append(Entry(story, go_live[story.pk], scheduled=True))
    return sorted(entries, key=lambda entry: (entry.at, entry.story.pk))


def week_of(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


def parse_week(raw: str | None) -> date | None:
    """The Monday of the week named by ``YYYY-MM-DD`` (any day of it), or None."""
    try:
        monday = week_of(date.fromisoformat((raw or "").strip()))
    except (ValueError, OverflowError):
        return None
    # The page links to the weeks before and after: both must be dates too.
    if not date.min + timedelta(days=DAYS_IN_WEEK) <= monday <= date.max - timedelta(days=14):
        return None
    return monday


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "news/admin/calendar.html"
    page_title = "Editorial calendar"
    header_icon = "calendar-alt"

    def get_breadcrumbs_items(self) -> list[dict]:
        return self.breadcrumbs_items + [
            {"url": reverse("stories:index"), "label": "Stories"},
            {"url": "", "label": self.page_title},
        ]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not works_the_desk(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        requested = self.request.GET.get(WEEK_PARAMETER)
        monday = parse_week(requested)
        if monday is None:
            if requested:
                messages.warning(
                    self.request, f"“{requested[:40]}” is not a date; showing this week instead."
                )
            monday = week_of(timezone.localdate())
        sunday_after = monday + timedelta(days=DAYS_IN_WEEK)
        days = {
            monday + timedelta(days=n): Day(monday + timedelta(days=n)) for n in range(DAYS_IN_WEEK)
        }
        for entry in stories_between(monday, sunday_after, stories_visible_to(self.request.user)):
            days[timezone.localtime(entry.at).date()].entries.append(entry)
        url = reverse("stories:calendar")
        context.update(
            days=list(days.values()),
            monday=monday,
            sunday=monday + timedelta(days=6),
            previous_url=f"{url}?{WEEK_PARAMETER}={(monday - timedelta(days=7)).isoformat()}",
            next_url=f"{url}?{WEEK_PARAMETER}={sunday_after.isoformat()}",
            this_week_url=url,
            time_zone=timezone.get_current_timezone_name(),
            stories_url=reverse("stories:index"),
        )
        return context
