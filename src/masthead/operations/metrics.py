"""Prometheus metrics recorded while answering requests, and their exposition.

Labels stay few whatever the traffic: requests are labelled by the kind of
route (the URL pattern's name, or the Wagtail page type) and the status class,
never by path, so a crawler walking a million URLs adds no new series.

Several server processes (granian or gunicorn workers) each count their own
requests. With ``PROMETHEUS_MULTIPROC_DIR`` set in their environment before
they start, prometheus_client writes every process's samples to files in that
folder and a scrape answered by any one worker adds them all up. Without it,
each process keeps its samples in memory, which is right for a single process.
"""

import os
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from .collectors import NewsletterCollector, TaskQueueCollector

REQUEST_DURATION = Histogram(
    "masthead_http_request_duration_seconds",
    "Time taken to answer a request, by kind of route and status class.",
    ["route", "status"],
)
PAGE_CACHE_RESPONSES = Counter(
    "masthead_page_cache_responses",
    "Responses by the page cache's X-Cache header: hit, miss or bypass.",
    ["result"],
)
PAGE_CACHE_RESULTS = frozenset({"hit", "miss", "bypass"})

# Set on the request by the before_serve_page hook (see wagtail_hooks.py).
PAGE_ROUTE_ATTRIBUTE = "masthead_page_route"
_SAFE_LABEL = re.compile(r"[^A-Za-z0-9_.:\-]")


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def route_label(request: HttpRequest) -> str:
    """The kind of route a request took, from a small fixed set of names."""
    page_route = getattr(request, PAGE_ROUTE_ATTRIBUTE, "")
    if page_route:
        return page_route
    match = getattr(request, "resolver_match", None)
    if match is not None:
        # view_name is the URL's name with its namespace, or the view's dotted path.
        return _SAFE_LABEL.sub("_", match.view_name)[:100]
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unresolved"


def status_class(status_code: int) -> str:
    return f"{status_code // 100}xx"


def observe_response(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    cache_result = response.get("X-Cache", "").strip().lower()
    route = route_label(request)
    if route == "unresolved" and cache_result == "hit":
        # The page cache answered before any URL was resolved.
        route = "page_cache"
    REQUEST_DURATION.labels(route, status_class(response.status_code)).observe(seconds)
    if cache_result:
        label = cache_result if cache_result in PAGE_CACHE_RESULTS else "other"
        PAGE_CACHE_RESPONSES.labels(label).inc()


def exposition() -> bytes:
    """Every metric in Prometheus's text format: this process's or all workers'.

    The queue and newsletter figures come from the database and Redis at scrape
    time, so they are the same whichever worker answers.
    """
    registry = CollectorRegistry()
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        # The default registry also carries the process and Python runtime metrics.
        registry.register(REGISTRY)
    registry.register(TaskQueueCollector())
    registry.register(NewsletterCollector())
    return generate_latest(registry)
