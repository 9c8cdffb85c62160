"""Context every public page needs: the site's home and its sections for the menu.

A template context processor (``nav`` in every template): the menu is the
news site's sections, so it lives with them. With editions, "the site's home"
is the home of the address's edition (``/hy/…``: the Armenian one), so the
menu, the masthead's link and the 404 page's sections are that edition's.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import cached_property
from wagtail.models import Site

from masthead.core.editions import edition_home, is_multilingual
from masthead.core.tree import children_q

from .models import SectionPage, TagIndexPage


class SiteNavigation:
    """Looked up only when a template uses it, once per request."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @cached_property
    def site(self) -> Site | None:
        return Site.find_for_request(self.request)

    @cached_property
    def site_name(self) -> str:
        return (self.site.site_name if self.site else "") or settings.WAGTAIL_SITE_NAME

    @cached_property
    def home(self):
        return edition_home(self.site.root_page).specific if self.site else None

    @cached_property
    def home_url(self) -> str:
        """Where the masthead leads: ``/``, or the edition's front page (``/hy/``)."""
        if not is_multilingual() or self.home is None:
            return "/"
        return self.home.get_url(self.request) or "/"

    @cached_property
    def sections(self) -> list:
        if self.home is None:
            return []
        return list(
            SectionPage.objects.live().in_menu().filter(children_q(self.home)).order_by("path")
        )

    @cached_property
    def tag_index_url(self) -> str:
        if self.home is None:
            return ""
        tag_index = TagIndexPage.objects.live().filter(children_q(self.home)).first()
        return tag_index.get_url(self.request) if tag_index else ""


def site_navigation(request: HttpRequest) -> dict:
    return {"nav": SiteNavigation(request)}
