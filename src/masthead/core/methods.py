"""Reader pages answer GET, HEAD and OPTIONS only; any other method gets a 405.

Wagtail lets every page take any method, and the page cache and nginx in
front serve only GET and HEAD from their copies. So ``POST /`` or ``DELETE``
on a story went past both caches and rendered the page afresh: a cheap way to
make the server work hard, found by wapiti's ``methods`` module (the figures
are in docs/security.md, "The outside scan"). Readers'
forms post to their own addresses (``/comments/post/…``,
``/newsletters/subscribe/``), never to a page.
"""

from http import HTTPMethod

READ_ONLY_METHODS = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]


class ReadOnlyPage:
    """For Wagtail page types: put it before ``Page`` among the bases."""

    allowed_http_methods = READ_ONLY_METHODS
