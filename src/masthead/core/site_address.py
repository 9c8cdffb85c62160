"""The one address the site is read at, and the Site record kept in step with it.

Links built during a request (canonical, feeds, sitemaps, share links) follow
the request. Links built without one (e-mails from the worker, workflow
notifications, search-engine pings, ``page.full_url``) come from
``WAGTAILADMIN_BASE_URL`` and from the default Site record's hostname and port.
Those two used to disagree: the Site said ``127.0.0.1:8000`` while the site ran
elsewhere, and readers were e-mailed dead links. Production names the address in
``MASTHEAD_BASE_URL``; during development ``masthead run --port`` is the
authority. Either way :func:`align_default_site` writes it into the Site record.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

DEVELOPMENT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def development_address(host: str = DEVELOPMENT_HOST, port: int = DEFAULT_PORT) -> str:
    """Where ``masthead run`` serves: an address a browser on this machine can open."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding it
        host = DEVELOPMENT_HOST
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def served_address() -> str:
    """The site's public address, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def host_and_port(address: str) -> tuple[str, int]:
    """The hostname and port a Site record needs to produce ``address``."""
    parts = urlsplit(address)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or DEVELOPMENT_HOST, parts.port or default_port


def align_default_site(address: str | None = None) -> Site | None:
    """Give the default Site the hostname and port of ``address`` (the served one).

    Only the default site is changed: it is the one Wagtail falls back to for any
    host it does not know, so routing is unaffected, while other sites (another
    edition on its own domain) keep the hostnames their editors gave them.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = host_and_port(address or served_address())
    taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists()
    if not taken and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site
