"""One way to page through any listing, forgiving of what readers type in the URL."""

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

MAX_PAGE_DIGITS = 9


def requested_page_number(request: HttpRequest) -> int:
    """The ``?page=`` number, or 1 when it is missing, not a number or absurd."""
    raw = request.GET.get("page", "")
    if not raw.isdigit() or len(raw) > MAX_PAGE_DIGITS:
        return 1
    return max(int(raw), 1)


def paginate(request: HttpRequest, object_list, per_page: int) -> Page:
    """The requested page of ``object_list``.

    A page past the end is a 404 (the designed one), so that crawlers do not
    index endless empty listings; junk in ``?page=`` falls back to page 1.
    """
    paginator = Paginator(object_list, per_page)
    number = requested_page_number(request)
    if number > paginator.num_pages:
        raise Http404("There is no such page in this listing.")
    return paginator.page(number)
