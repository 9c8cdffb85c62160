"""Middleware for operations; where each goes in MIDDLEWARE matters.

* RequestLogMiddleware and MetricsMiddleware come first, so that they time
  everything and see the response as the client gets it, page-cache header
  and 503 page included.
* DatabaseUnavailableMiddleware comes before the session and authentication
  middleware, whose database reads and writes it must cover too.
"""

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .metrics import observe_response
from .requestid import HEADER, current_request_id, request_id_for
from .unavailable import (
    DATABASE_DOWN_ERRORS,
    close_broken_connections,
    database_failed,
    unavailable_response,
)

request_logger = logging.getLogger("masthead.requests")
logger = logging.getLogger("masthead.operations")

# Probes and scrapes arrive every few seconds; when they succeed they log at DEBUG.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class RequestLogMiddleware:
    """One log line per request, tagged with a request id that is echoed to the client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[HEADER] = request_id
            quiet = request.path in QUIET_PATHS and response.status_code < 400
            request_logger.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "request_id": request_id,
                },
            )
        finally:
            current_request_id.reset(token)
        return response


class MetricsMiddleware:
    """Count and time requests for /metrics, when metrics are on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if settings.MASTHEAD_METRICS:
            observe_response(request, response, time.perf_counter() - started)
        return response


class DatabaseUnavailableMiddleware:
    """Answer with the designed 503 page when the database fails, anywhere in a request.

    Errors in views (and in rendering their templates) arrive in
    process_exception(). Errors in the middleware inside this one (sessions,
    redirects) Django has already turned into a 500 response; the
    ``got_request_exception`` receiver flagged the request, and the 500 is
    replaced here. With DEBUG on, Django's debug page is more use to a developer
    (a missing migration is an OperationalError too), so errors pass through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if database_failed(request) and not settings.DEBUG:
            close_broken_connections()
            return unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG or not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        logger.error(
            "Database unavailable while answering %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        close_broken_connections()
        return unavailable_response()
