"""WordPress links that Wagtail's redirect table cannot answer on its own.

* ``/?p=12``, ``/?page_id=3``, ``/?attachment_id=9``, ``/?cat=4``, ``/?author=2``,
  ``/?tag=slug``, ``/?feed=rss2``: the home page answers ``/`` with a 200, so the
  redirect middleware (which acts only on 404s) never sees these. They are
  looked up here by WordPress ID, before the page is served.
* ``<old permalink>/feed/``, ``…/page/2/``, ``…/amp/``, ``…/embed/`` and resized
  images (``photo-300x200.jpg``): on a 404, the suffix is taken off and the
  old address it belongs to is looked up in the redirect table.

Listed in ``MIDDLEWARE`` after Wagtail's ``RedirectMiddleware``. It costs
nothing on ordinary requests: only ``/`` with one of those query parameters,
or a 404 with one of those endings, reaches the database.
"""

import re
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect

from masthead.core.numbers import whole_number

from .models import WordPressItem
from .redirects import feed_url

Kind = WordPressItem.Kind
QUERY_BY_NUMBER = {
    "p": (Kind.POST, Kind.PAGE, Kind.ATTACHMENT),
    "page_id": (Kind.PAGE, Kind.POST),
    "attachment_id": (Kind.ATTACHMENT,),
    "cat": (Kind.CATEGORY,),
    "author": (Kind.AUTHOR,),
}
QUERY_BY_SLUG = {"tag": Kind.TAG, "category_name": Kind.CATEGORY}
FRONT_PATHS = {"/", "/index.php"}
_FEED = re.compile(r"^(?P<base>.*?)/feed(?:/(?:rss2?|atom|rdf))?/?$")
_PAGED = re.compile(r"^(?P<base>.*?)/page/(?P<number>[0-9]{1,6})/?$")
_EXTRA = re.compile(r"^(?P<base>.*?)/(?:amp|embed|trackback)/?$")
_IMAGE_SIZE = re.compile(r"^(?P<stem>.*)-\d+x\d+(?P<ext>\.[A-Za-z0-9]{2,5})$")


def item_url(item: WordPressItem) -> str:
    """The item's public address; none for drafts (``?p=`` must not reveal their slugs)."""
    if item.page_id:
        if item.page is None or not item.page.live:
            return ""
        return item.page.get_url(None) or ""
    return item.target_url


def could_be_stored(text: str, limit: int) -> bool:
    """Whether ``text`` could be a stored slug or path: no NUL (PostgreSQL refuses it
    in any query), and no longer than the column, so it cannot match and is not looked up.
    """
    return "\0" not in text and len(text) <= limit


def query_target(request: HttpRequest) -> str:
    """Where a WordPress ``?p=``-style link of the front page leads, or ""."""
    params = request.GET
    for name, kinds in QUERY_BY_NUMBER.items():
        number = whole_number(params.get(name))
        if number is not None:
            item = (
                WordPressItem.objects.filter(kind__in=kinds, wp_number=number)
                .select_related("page")
                .order_by("-imported_at")
                .first()
            )
            if item is not None:
                return item_url(item)
    for name, kind in QUERY_BY_SLUG.items():
        value = params.get(name, "")
        if value and could_be_stored(value, 255):
            item = (
                WordPressItem.objects.filter(kind=kind, wp_id=value)
                .select_related("page")
                .order_by("-imported_at")
                .first()
            )
            if item is not None:
                return item_url(item)
    if params.get("feed") and WordPressItem.objects.exists():
        return feed_url("site", "/")
    return ""


def _redirect_for(path: str) -> Redirect | None:
    if not path.startswith("/"):
        path = "/" + path
    return (
        Redirect.objects.filter(site=None, old_path=Redirect.normalise_path(path))
        .select_related("redirect_page")
        .first()
    )


def _feed_of(redirect: Redirect) -> str:
    page = redirect.redirect_page
    if page is None:
        tag = WordPressItem.objects.filter(kind=Kind.TAG, target_url=redirect.redirect_link).first()
        if tag is not None and tag.object_id:
            from taggit.models import Tag

            tag_object = Tag.objects.filter(pk=tag.object_id).first()
            if tag_object is not None:
                return feed_url("tag", redirect.redirect_link, slug=tag_object.slug)
        return redirect.link or ""
    page_url = page.get_url(None) or ""
    specific = page.specific_class
    name = specific.__name__ if specific else ""
    if name == "ArticlePage":
        return feed_url("comments", page_url, article_id=page.pk)
    if name == "SectionPage":
        return feed_url("section", page_url, slug=page.slug)
    if name == "AuthorPage":
        return feed_url("author", page_url, slug=page.slug)
    return page_url


def suffix_target(path: str) -> str:
    """Where a suffixed variant of an old WordPress address leads, or ""."""
    if match := _FEED.match(path):
        redirect = _redirect_for(match.group("base") or "/")
        return _feed_of(redirect) if redirect else ""
    if match := _PAGED.match(path):
        redirect = _redirect_for(match.group("base") or "/")
        if redirect and redirect.link:
            return f"{redirect.link}?{urlencode({'page': match.group('number')})}"
        return ""
    if match := _EXTRA.match(path):
        redirect = _redirect_for(match.group("base") or "/")
        return (redirect.link or "") if redirect else ""
    if match := _IMAGE_SIZE.match(path):
        redirect = _redirect_for(match.group("stem") + match.group("ext"))
        return (redirect.link or "") if redirect else ""
    return ""


class WordPressLinksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in {"GET", "HEAD"}
            and request.path in FRONT_PATHS
            and request.GET
            and any(name in request.GET for name in (*QUERY_BY_NUMBER, *QUERY_BY_SLUG, "feed"))
        ):
            target = query_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in {"GET", "HEAD"}:
            path = request.path
            if could_be_stored(path, 1000):
                target = suffix_target(path)
                if target and target != path:
                    return HttpResponsePermanentRedirect(target)
        return response
