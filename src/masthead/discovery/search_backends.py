"""Which search backend Wagtail uses, chosen from the environment.

Read by ``settings.py`` (so nothing here may import models). The database's
own full-text search is the default: it needs no other service. A newsroom
that runs Elasticsearch or OpenSearch names it with one variable,
``MASTHEAD_SEARCH_URL``, rather than editing settings:

- ``elasticsearch://host:9200`` (Elasticsearch 8; ``elasticsearch7://`` and
  ``elasticsearch9://`` for the others Wagtail supports);
- ``opensearch://host:9200`` (OpenSearch 3; ``opensearch2://`` for OpenSearch 2).

Add ``+https`` to the scheme for TLS (``opensearch+https://…``), put
credentials in the address (``…://user:password@host:9200``), and separate
several nodes with commas. ``MASTHEAD_SEARCH_INDEX`` (default ``masthead``)
starts the names of the indexes Wagtail creates, so several sites can share a
cluster. The matching client package must be installed (``elasticsearch`` or
``opensearch-py``, of the server's major version).
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DATABASE_BACKEND = "wagtail.search.backends.database"
SCHEMES = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch": "wagtail.search.backends.opensearch3",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
DEFAULT_INDEX = "masthead"


def _node(address: str) -> tuple[str, str]:
    """``(backend, http(s) URL)`` for one ``scheme://host:port`` address."""
    scheme, _, rest = address.partition("://")
    engine, _, transport = scheme.lower().partition("+")
    if not rest or engine not in SCHEMES or transport not in {"", "http", "https"}:
        known = ", ".join(f"{name}://" for name in SCHEMES)
        raise ImproperlyConfigured(
            f"MASTHEAD_SEARCH_URL: cannot use {address!r}; start it with one of {known} "
            "(add +https for TLS)."
        )
    url = f"{transport or 'http'}://{rest}"
    if not urlsplit(url).hostname:
        raise ImproperlyConfigured(f"MASTHEAD_SEARCH_URL: {address!r} names no host.")
    return SCHEMES[engine], url


def search_backends(environ: Mapping[str, str]) -> dict:
    """``WAGTAILSEARCH_BACKENDS`` for this environment: the database unless a URL is given."""
    addresses = [part.strip() for part in environ.get("MASTHEAD_SEARCH_URL", "").split(",")]
    addresses = [address for address in addresses if address]
    if not addresses:
        return {"default": {"BACKEND": DATABASE_BACKEND}}
    nodes = [_node(address) for address in addresses]
    backends = {backend for backend, _ in nodes}
    if len(backends) > 1:
        raise ImproperlyConfigured("MASTHEAD_SEARCH_URL: every node must use the same scheme.")
    index = environ.get("MASTHEAD_SEARCH_INDEX", "").strip() or DEFAULT_INDEX
    return {
        "default": {
            "BACKEND": backends.pop(),
            "URLS": [url for _, url in nodes],
            # Wagtail 8 names one index per root model (pages, images, documents),
            # each starting with this prefix: masthead_wagtailcore_page, ...
            "INDEX_PREFIX": f"{index}_",
        }
    }
