"""Telling WebSub hubs and IndexNow search engines that a story was published.

Publishing only records what is owed (:class:`~.models.Ping` rows) and queues
a background task per row; the worker sends them, and retries with growing
delays when a service is down. Nothing here can fail or slow down publishing.
Both services are off until configured (``MASTHEAD_WEBSUB_HUBS``,
``MASTHEAD_INDEXNOW_KEY``).
"""

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.models import Page

from masthead.core.editions import edition_home, page_language

from .models import Ping

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
USER_AGENT = "Masthead (+https://github.com/masthead) ping"


class PingFailed(Exception):
    """A delivery did not succeed; ``retry`` says whether trying again can help."""

    def __init__(self, message: str, retry: bool = True):
        super().__init__(message)
        self.retry = retry


def notifications_enabled() -> bool:
    return bool(settings.MASTHEAD_WEBSUB_HUBS) or bool(
        settings.MASTHEAD_INDEXNOW_KEY and settings.MASTHEAD_INDEXNOW_ENDPOINTS
    )


# What to announce ---------------------------------------------------------


def _feed_url(root_url: str, route: str, **kwargs) -> list[str]:
    return [
        root_url + reverse(f"distribution:{route}-{fmt}", kwargs=kwargs) for fmt in ("rss", "atom")
    ]


def feed_topics(article) -> list[str]:
    """Every feed a newly published story appears in: WebSub's "topics".

    Those of the story's own edition (``/hy/feeds/…`` for an Armenian story).
    """
    site = article.get_site()
    if site is None:
        return []
    with translation.override(page_language(article)):
        return _topics(article, site)


def _topics(article, site) -> list[str]:
    root_url = site.root_url
    topics = _feed_url(root_url, "site")
    section = article.get_parent()
    if section is not None and section.depth > site.root_page.depth:
        topics += _feed_url(root_url, "section", slug=section.slug)
    for tag in article.tags.all():
        topics += _feed_url(root_url, "tag", slug=tag.slug)
    for author in article.credited_authors:
        topics += _feed_url(root_url, "author", slug=author.slug)
    return topics


def changed_pages(article) -> list[str]:
    """Pages whose content changed when the story went out: the story, its section, the front."""
    urls = [article.get_full_url()]
    section = article.get_parent()
    site = article.get_site()
    with translation.override(page_language(article)):
        front = edition_home(site.root_page) if site else None
    for page in (section, front):
        if page is not None and page.live:
            url = page.get_full_url()
            if url and url not in urls:
                urls.append(url)
    return [url for url in urls if url]


def record_pings(article) -> list[Ping]:
    """The pings owed for ``article``, saved as pending (none for private or unsited pages)."""
    if not notifications_enabled() or not article.live:
        return []
    if not Page.objects.filter(pk=article.pk).public().exists():
        return []
    pings = []
    topics = feed_topics(article) if settings.MASTHEAD_WEBSUB_HUBS else []
    for hub in settings.MASTHEAD_WEBSUB_HUBS if topics else ():
        pings.append(Ping(kind=Ping.Kind.WEBSUB, endpoint=hub, urls=topics))
    if settings.MASTHEAD_INDEXNOW_KEY:
        pages = changed_pages(article)
        for endpoint in settings.MASTHEAD_INDEXNOW_ENDPOINTS if pages else ():
            pings.append(Ping(kind=Ping.Kind.INDEXNOW, endpoint=endpoint, urls=pages))
    return Ping.objects.bulk_create(pings)


# Sending ------------------------------------------------------------------


def _post(url: str, body: bytes, content_type: str) -> int:
    if not url.lower().startswith(("http://", "https://")):
        raise PingFailed(f"{url} is not an http(s) address", retry=False)
    request = urllib.request.Request(  # noqa: S310 - scheme checked just above
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        # 429 and 5xx are the service's trouble and may pass; other 4xx are ours.
        retry = error.code == 429 or error.code >= 500
        raise PingFailed(f"{url} answered HTTP {error.code}", retry=retry) from error
    except (urllib.error.URLError, OSError) as error:
        raise PingFailed(f"{url} could not be reached: {error}") from error


def send_websub(ping: Ping) -> None:
    """WebSub "publish" notices: one POST per feed, as hubs expect (``hub.url``)."""
    for topic in ping.urls:
        body = urlencode({"hub.mode": "publish", "hub.url": topic}).encode()
        _post(ping.endpoint, body, "application/x-www-form-urlencoded")


def send_indexnow(ping: Ping) -> None:
    """One IndexNow submission with every changed URL of one host."""
    from urllib.parse import urlsplit

    first = urlsplit(ping.urls[0])
    host_root = f"{first.scheme}://{first.netloc}"
    key = settings.MASTHEAD_INDEXNOW_KEY
    payload = {
        "host": first.hostname,
        "key": key,
        "keyLocation": f"{host_root}/{key}.txt",
        "urlList": ping.urls,
    }
    _post(ping.endpoint, json.dumps(payload).encode(), "application/json; charset=utf-8")


SENDERS = {Ping.Kind.WEBSUB: send_websub, Ping.Kind.INDEXNOW: send_indexnow}


def send(ping: Ping) -> None:
    """Deliver ``ping`` once; :class:`PingFailed` when it did not get through."""
    if ping.kind == Ping.Kind.INDEXNOW and not settings.MASTHEAD_INDEXNOW_KEY:
        raise PingFailed("MASTHEAD_INDEXNOW_KEY is no longer set", retry=False)
    SENDERS[ping.kind](ping)


# The key file IndexNow checks ---------------------------------------------


@require_safe
def indexnow_key_file(request: HttpRequest, key: str) -> HttpResponse:
    """``/<key>.txt`` proves to IndexNow engines that the site owns the key."""
    configured = settings.MASTHEAD_INDEXNOW_KEY
    if not configured or key != configured:
        raise Http404("No such file.")
    return HttpResponse(configured, content_type="text/plain; charset=utf-8")
