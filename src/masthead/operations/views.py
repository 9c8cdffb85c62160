"""Endpoints for machines: load balancers, orchestrators and Prometheus.

None of them is cached anywhere (``Cache-Control: no-store``): a probe answered
from a cache says nothing about the process behind it.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from .access import may_scrape
from .health import run_checks
from .metrics import exposition


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing else, so a database outage
    does not get healthy processes restarted."""
    return _no_store(HttpResponse("ok", content_type="text/plain; charset=utf-8"))


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database, the cache and the task queue answer; 503 names what does not."""
    results = run_checks()
    failing = [result.name for result in results if not result.ok]
    body = {
        "status": "unavailable" if failing else "ok",
        "checks": {result.name: result.as_dict() for result in results},
    }
    if failing:
        body["failing"] = failing
    return _no_store(JsonResponse(body, status=503 if failing else 200))


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics: a 404 unless MASTHEAD_METRICS is on, then only for allowed scrapers."""
    if not settings.MASTHEAD_METRICS:
        raise Http404("Metrics are off.")
    if not may_scrape(request):
        return _no_store(HttpResponseForbidden("Not allowed.", content_type="text/plain"))
    return _no_store(HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST))
