"""The demo newsroom's newsletters: the three lists its sign-up box offers.

They are described in ``content/newsletters.json``: the fields of
:class:`~masthead.newsletters.models.NewsletterList`, with the cadence by its
value, the weekday by its name, and ``{site_name}`` for the newsroom's name.
"""

from wagtail.models import Site

from masthead.newsletters.models import Cadence, NewsletterList, Weekday

from .content_files import read_content


def _fields(data: dict, site_name: str) -> dict:
    fields = dict(data)
    fields["description"] = fields["description"].replace("{site_name}", site_name)
    fields["cadence"] = Cadence(fields["cadence"])
    if "send_weekday" in fields:
        fields["send_weekday"] = Weekday[fields["send_weekday"]]
    return fields


def add_demo_newsletters(site: Site) -> list[NewsletterList]:
    """Create (or leave as they are) "Daily headlines", "Breaking news" and "Weekly digest"."""
    name = site.site_name or "the newsroom"
    specs = [_fields(data, name) for data in read_content("newsletters.json")]
    return [
        NewsletterList.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)[0]
        for spec in specs
    ]
