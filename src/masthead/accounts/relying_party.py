"""Which domain passkeys belong to, read from the site's one address (``MASTHEAD_BASE_URL``).

A passkey is made for one domain, the WebAuthn "relying party", and browsers
offer it only on pages of that domain served over HTTPS (``http://localhost``
counts as secure). An IP address can never be one, so the development default,
``http://127.0.0.1:8000``, gives passkeys to ``http://localhost:8000``: the
same server under the one name browsers accept. A site served over plain HTTP
on a real domain has no passkeys at all, rather than ones the browser refuses.

Settings import this module, so it uses the standard library only.
"""

import ipaddress
from urllib.parse import urlsplit

LOCALHOST = "localhost"


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def relying_party(address: str) -> tuple[str, list[str]]:
    """The relying party id and the origins passkeys work at; ``("", [])`` if none can.

    Only the origin of ``address`` is allowed: a passkey signed for another
    origin of the same domain (a look-alike subdomain that got a page up) is
    refused by the server even though the browser would sign for it.
    """
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port else ""
    if host == LOCALHOST or (_is_ip_address(host) and ipaddress.ip_address(host).is_loopback):
        return LOCALHOST, [f"{parts.scheme}://{LOCALHOST}{port}"]
    if parts.scheme != "https" or not host or _is_ip_address(host):
        return "", []
    return host, [f"https://{host}{port}"]
