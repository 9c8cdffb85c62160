"""One way to page through any listing, forgiving of what readers type in the URL.

Listings page without counting: a ``COUNT(*)`` over a large archive costs more
than the page itself, and readers only need "newer" and "older" links. One
extra row is fetched to know whether an older page exists.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest

from .numbers import whole_number

# The listings' page parameter (``?page=2``): read here, printed by canonical links.
PAGE_PARAMETER = "page"
# Beyond any real listing; keeps the OFFSET a query can be asked for small.
MAX_PAGE = 999_999_999
# The query parameter every listing pages by (``?page=2``).
PAGE_PARAMETER = "page"


def page_number(raw: str | None) -> int:
    """A ``page`` parameter as a page number: 1 when it is missing, not a number or absurd."""
    return whole_number(raw, minimum=1, maximum=MAX_PAGE) or 1


def requested_page_number(request: HttpRequest) -> int:
    """The ``?page=`` number, or 1 when it is missing, not a number or absurd."""
    return page_number(request.GET.get(PAGE_PARAMETER))


@dataclass
class ListingPage:
    """One page of a listing: its items and where the neighbouring pages are."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate(request: HttpRequest, object_list, per_page: int) -> ListingPage:
    """The requested page of ``object_list`` (a queryset or a list).

    A page past the end is a 404 (the designed one), so that crawlers do not
    index endless empty listings; junk in ``?page=`` falls back to page 1.
    """
    number = requested_page_number(request)
    start = (number - 1) * per_page
    rows = list(object_list[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("There is no such page in this listing.")
    return ListingPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
