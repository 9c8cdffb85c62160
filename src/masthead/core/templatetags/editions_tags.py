"""``{% html_language %}``: the ``lang`` (and, right to left, ``dir``) of ``<html>``."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from ..editions import is_multilingual, language_tag, page_language, text_direction

register = template.Library()


@register.simple_tag(takes_context=True)
def html_language(context) -> str:
    """``lang="en"`` as before with one language; with editions, the page's own language.

    Pages say the language of their locale; other responses (search, errors)
    that of the address's edition.
    """
    if not is_multilingual():
        return format_html('lang="{}"', context.get("LANGUAGE_CODE") or "en")
    page = context.get("page")
    if getattr(page, "locale_id", None):
        code = page_language(page)
    else:
        request = context.get("request")
        code = (
            getattr(request, "LANGUAGE_CODE", "")
            or (translation.get_language() if request is None else "")
            or page_language(None)
        )
    if text_direction(code) == "rtl":
        return format_html('lang="{}" dir="rtl"', language_tag(code))
    return format_html('lang="{}"', language_tag(code))
