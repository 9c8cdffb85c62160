"""The page readers see while the database is down, and getting back up by itself.

When PostgreSQL restarts or fails over, every query raises OperationalError
(or InterfaceError on a connection that already broke). Instead of a 500 and a
stack trace, readers get a short page asking them to come back in a minute,
with ``Retry-After`` for crawlers. The page is rendered from a standalone
template with a plain context: context processors read the database (site
settings, navigation), which is exactly what is missing.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
TEMPLATE = "operations/unavailable.html"
# Set on the request when Django caught a database error outside any view.
_REQUEST_FLAG = "_masthead_database_unavailable"

logger = logging.getLogger("masthead.operations")


def unavailable_response() -> HttpResponse:
    """The 503 page, rendered without a request so that nothing touches the database."""
    html = get_template(TEMPLATE).render(
        {"site_name": settings.WAGTAIL_SITE_NAME, "language_code": settings.LANGUAGE_CODE}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The error was logged already, once; Django would add a second line for any 5xx.
    response._has_been_logged = True
    return response


def close_broken_connections() -> None:
    """Close database connections that no longer work, so the next query opens a new one.

    Django closes them itself when the request ends, and ``CONN_HEALTH_CHECKS``
    tests persistent connections before reuse; closing here too does not depend
    on either being in place.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()


def remember_database_error(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Receiver of ``got_request_exception``: flag the request if the database failed.

    Django sends the signal from inside its exception handler, so the error is
    the one being handled; it has already been logged, with its traceback.
    """
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN_ERRORS):
        setattr(request, _REQUEST_FLAG, True)


def database_failed(request: HttpRequest) -> bool:
    return getattr(request, _REQUEST_FLAG, False)
