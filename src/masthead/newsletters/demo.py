"""The demo newsroom's newsletters: the three lists its sign-up box offers."""

from wagtail.models import Site

from .models import Cadence, NewsletterList, Weekday


def add_demo_newsletters(site: Site) -> list[NewsletterList]:
    """Create (or leave as they are) "Daily headlines", "Breaking news" and "Weekly digest"."""
    name = site.site_name or "the newsroom"
    specs = [
        {
            "slug": "daily-headlines",
            "name": "Daily headlines",
            "description": f"The day's new stories from {name}, every morning at 7.",
            "cadence": Cadence.DAILY,
            "send_hour": 7,
            "sort_order": 1,
        },
        {
            "slug": "breaking-news",
            "name": "Breaking news",
            "description": "An alert the moment we publish a story tagged “Breaking”.",
            "cadence": Cadence.IMMEDIATE,
            "only_tag": "Breaking",
            "sort_order": 2,
        },
        {
            "slug": "weekly-digest",
            "name": "Weekly digest",
            "description": "The week in one mail, every Thursday at 8.",
            "cadence": Cadence.WEEKLY,
            "send_hour": 8,
            "send_weekday": Weekday.THURSDAY,
            "sort_order": 3,
        },
    ]
    return [
        NewsletterList.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)[0]
        for spec in specs
    ]
