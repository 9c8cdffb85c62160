"""oEmbed for stories: other sites paste a story's link and get a small card.

``/oembed/?url=<story URL>`` answers the oEmbed 1.0 "rich" type: an iframe of
``/embed/<id>/``, a self-contained card (headline, picture, byline, excerpt and
a link to the story) that is the only page of the site allowed in a frame. It
runs no script and loads nothing from elsewhere.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from masthead.core.numbers import whole_number
from masthead.core.reader_limits import limit_per_address

from .articles import public_articles
from .images import image_variant
from .locations import absolute, page_url, site_for_request

DEFAULT_WIDTH = 600
MIN_WIDTH = 200
CARD_HEIGHT = 420
MAX_URL_CHARS = 2000
# Larger than any screen; a bigger maxwidth/maxheight is a typo or a probe.
MAX_DIMENSION = 999_999
# Neither answer is in the page cache: each one reads the story (masthead.core.reader_limits).
embed_limit = limit_per_address(
    "embeds", "MASTHEAD_READER_LIMIT", gettext_lazy("requests for embedded stories")
)


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _dimension(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    pixels = whole_number(raw, minimum=1, maximum=MAX_DIMENSION)
    if pixels is None:
        raise OEmbedError(400, f"{name} must be a positive whole number of pixels.")
    return pixels


def find_story(request: HttpRequest, url: str):
    """The public story at ``url`` on this site, or an :class:`OEmbedError` saying why not."""
    if not url or len(url) > MAX_URL_CHARS:
        raise OEmbedError(400, "Give the story's address as ?url=…")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise OEmbedError(400, "The url must be an http or https address.")
    if parts.hostname != request.get_host().split(":")[0]:
        raise OEmbedError(404, "That address is not on this site.")
    site = site_for_request(request)
    root = site.root_page
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    story = public_articles(root).filter(url_path=root.url_path + path.lstrip("/")).first()
    if story is None:
        raise OEmbedError(404, "There is no published story at that address.")
    return site, story


@require_safe
@embed_limit
def oembed(request: HttpRequest) -> HttpResponse:
    """The oEmbed answer for a story's URL (JSON; XML answers 501 as the spec allows)."""
    try:
        response_format = request.GET.get("format", "json")
        if response_format != "json":
            raise OEmbedError(501, "Only the json format is offered.")
        max_width = _dimension(request, "maxwidth")
        max_height = _dimension(request, "maxheight")
        site, story = find_story(request, request.GET.get("url", "").strip())
    except OEmbedError as error:
        response = JsonResponse({"error": error.message}, status=error.status)
        # A consumer asking for XML is the client's choice, not a server fault:
        # masthead.requests logs it at INFO like any answer, and Django, which logs
        # every 5xx at ERROR, is told it has been logged already.
        response._has_been_logged = True
        return response

    width = min(DEFAULT_WIDTH, max_width) if max_width else DEFAULT_WIDTH
    width = max(width, MIN_WIDTH)
    height = min(CARD_HEIGHT, max_height) if max_height else CARD_HEIGHT
    embed_url = absolute(request, reverse("distribution:embed", args=[story.pk]))
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:1px solid #ddd;max-width:100%"></iframe>',
        embed_url,
        width,
        height,
        story.title,
    )
    data = {
        "version": "1.0",
        "type": "rich",
        "title": story.title,
        "provider_name": site.site_name or settings.WAGTAIL_SITE_NAME,
        "provider_url": absolute(request, "/"),
        "html": html,
        "width": width,
        "height": height,
        "cache_age": 3600,
    }
    authors = story.credited_authors
    if authors:
        data["author_name"] = ", ".join(author.title for author in authors)
        data["author_url"] = page_url(authors[0], request)
    image = image_variant(story.featured_image)
    if image is not None:
        data.update(
            thumbnail_url=absolute(request, image.url),
            thumbnail_width=image.width,
            thumbnail_height=image.height,
        )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_safe
@xframe_options_exempt
@embed_limit
def embed_card(request: HttpRequest, article_id: int) -> HttpResponse:
    """The card other sites frame: the one page of the site allowed in an iframe."""
    root = site_for_request(request).root_page
    story = get_object_or_404(public_articles(root), pk=article_id)
    return render(
        request,
        "distribution/embed_card.html",
        {
            "story": story,
            "story_url": page_url(story, request),
            "image": image_variant(story.featured_image),
        },
    )
