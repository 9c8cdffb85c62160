"""Who may read /metrics: addresses on the allow list, or holders of the bearer token.

The address is REMOTE_ADDR, as everywhere in Masthead: behind a reverse proxy
on the same host every request seems to come from 127.0.0.1, so the proxy must
not pass /metrics on (see docs/operations.md).
"""

import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest

from masthead.core.addresses import parse_networks


def has_token(request: HttpRequest) -> bool:
    token = settings.MASTHEAD_METRICS_TOKEN
    if not token:
        return False
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(
        offered.strip().encode(), token.encode()
    )


def address_allowed(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    networks, _ = parse_networks(settings.MASTHEAD_METRICS_ALLOW)
    return any(address in network for network in networks)


def may_scrape(request: HttpRequest) -> bool:
    return has_token(request) or address_allowed(request)
