"""``{% distribution_head %}``: canonical URL, social cards, structured data and feed links."""

from django import template

from ..metadata import json_ld_script, page_metadata

register = template.Library()


@register.inclusion_tag("distribution/head.html", takes_context=True)
def distribution_head(context) -> dict:
    """Head metadata for whatever page is being rendered (any page type, a tag, a 404)."""
    meta = page_metadata(context.flatten())
    return {
        "meta": meta,
        "json_ld": [json_ld_script(item) for item in meta.json_ld] if meta else [],
    }
