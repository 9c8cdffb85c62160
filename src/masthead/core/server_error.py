"""The 500 page, in the language of the edition whose address failed.

Django's own handler renders ``500.html`` without a context, in whatever
language happens to be active: the edition's when a view failed, the
default's when a middleware above the edition's did. Here the language is
read from the address again (``language_from_path``, which touches neither the
database nor the session), so ``/hy/…`` fails in Armenian. Whatever goes
wrong while rendering, the reader still gets a 500 page: the static English
one, never a second error. With one language the page is rendered exactly as
Django's handler renders it.
"""

import logging
from contextlib import nullcontext

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation

from .editions import (
    default_language,
    is_multilingual,
    language_from_path,
    language_tag,
    text_direction,
)

logger = logging.getLogger(__name__)

# What 500.html says in English, for when even rendering it fails.
FALLBACK = (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
    "<title>Something went wrong</title></head>\n<body>\n<main>\n"
    "<h1>Something went wrong on our side</h1>\n"
    '<p>The newsroom has been told. Please try again in a minute, or <a href="/">go to the '
    "front page</a>.</p>\n</main>\n</body>\n</html>\n"
)


def edition_context(path: str) -> tuple[str | None, dict]:
    """The language to render in and the page's ``lang``, ``dir`` and front page (editions on)."""
    if not is_multilingual():
        return None, {}
    language = language_from_path(path)
    home = "/" if language == default_language() else f"/{language}/"
    return language, {
        "lang": language_tag(language),
        "rtl": text_direction(language) == "rtl",
        "home_url": home,
    }


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """``handler500``: ``500.html`` in the address's edition, or the static English page."""
    try:
        language, context = edition_context(request.path_info)
        with translation.override(language) if language else nullcontext():
            html = loader.get_template("500.html").render(context or None)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logger.exception("Could not render the 500 page")
        html = FALLBACK
    return HttpResponseServerError(html)
