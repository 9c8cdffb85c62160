"""Who is on the other end of a request: the client's address, behind trusted proxies too.

The address is REMOTE_ADDR. Behind a reverse proxy that is the proxy's own
address, which would put every reader and attacker into one bucket for flood
control, sign-up limits and sign-in throttling alike; when the operator lists
the proxy in ``MASTHEAD_TRUSTED_PROXIES``, the client's address is read from
the ``X-Forwarded-For`` that proxy appends, and only then. Entries a client
wrote into that header itself are never believed: the list is read from the
right (the proxy's own entry) and the first address that is not a trusted
proxy is the client's.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: list[str]) -> tuple[list[Network], list[str]]:
    """The networks listed (a lone address is a network of one), and the invalid entries."""
    networks, invalid = [], []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            invalid.append(entry)
    return networks, invalid


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(request: HttpRequest) -> str | None:
    """The client's address, for every per-address limit (and ``AXES_CLIENT_IP_CALLABLE``)."""
    remote_text = request.META.get("REMOTE_ADDR", "")
    remote = _address(remote_text)
    if remote is None:
        return remote_text or None
    networks, _ = parse_networks(settings.MASTHEAD_TRUSTED_PROXIES)

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    client = remote
    if trusted(remote):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(hop)
            if address is None:
                # Not written by a proxy we trust: stop at the last address we could.
                break
            client = address
            if not trusted(address):
                break
    return str(client)
