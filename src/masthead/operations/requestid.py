"""Request ids: one token per request, carried by its log lines and echoed to the client.

A proxy or load balancer in front often sets ``X-Request-ID`` already; keeping
its value lets one id follow a request through every log on the way. Clients
can send anything, though, so only a short token of safe characters is kept:
nothing that could break a log line or a response header.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest

HEADER = "X-Request-ID"
_SANE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,127}")

# The id of the request this thread (or task) is answering, for RequestIdFilter.
current_request_id: ContextVar[str | None] = ContextVar("masthead_request_id", default=None)


def request_id_for(request: HttpRequest) -> str:
    """The client's ``X-Request-ID`` when it is a sane token, else a new random one."""
    offered = request.headers.get(HEADER, "")
    if _SANE_TOKEN.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every log record made while a request is answered that request's id.

    Attached to the log handler, so an error Django logs in the middle of a
    request carries the same ``request_id`` as the request's own log line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request_id = current_request_id.get()
            if request_id is not None:
                record.request_id = request_id
        return True
