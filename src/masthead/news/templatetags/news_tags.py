"""Template helpers for printing stories the newsroom's way."""

import re
from urllib.parse import quote

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from masthead.news.alt_text import figure_alt_text as described_as

register = template.Library()

_OPENING_PARAGRAPH = re.compile(r"^\s*<p\b[^>]*>", re.IGNORECASE)


@register.filter
def figure_alt_text(figure) -> str:
    """A body picture's alt text; older stories without one fall back to the caption."""
    if figure.get("decorative"):
        return ""
    return described_as(figure) or (figure.get("caption") or "").strip()


@register.simple_tag
def dateline_paragraph(paragraph_html: str, dateline: str) -> SafeString:
    """The first paragraph with the dateline set in front of its first word.

    ``paragraph_html`` is Wagtail's rendered rich text (already safe); the dateline
    is escaped here.
    """
    html = str(paragraph_html)
    if not dateline:
        return mark_safe(html)  # noqa: S308 - rendered rich text from Wagtail
    lead = format_html('<span class="dateline">{}</span> ', dateline)
    match = _OPENING_PARAGRAPH.match(html)
    if match:
        return mark_safe(html[: match.end()] + lead + html[match.end() :])  # noqa: S308
    return mark_safe(f"<p>{lead}</p>{html}")  # noqa: S308


SHARE_TARGETS = [
    (gettext_lazy("Email"), "mailto:?subject={title}&body={url}"),
    ("X", "https://x.com/intent/post?url={url}&text={title}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
    ("Telegram", "https://t.me/share/url?url={url}&text={title}"),
]


@register.inclusion_tag("news/includes/share_links.html", takes_context=True)
def share_links(context, page) -> dict:
    """Plain share links: no third-party script ever runs on the reader's page.

    The story's address is the one the reader used, built from the request as the
    canonical link is, not the Site record's hostname and port, which can name
    another port than the one the site is served at.
    """
    request = context.get("request")
    if request is not None:
        url = request.build_absolute_uri(page.get_url(request=request) or "/")
    else:
        url = page.full_url
    title = page.title
    quoted_title, quoted_url = quote(title, safe=""), quote(url, safe="")
    return {
        "links": [
            (name, pattern.format(title=quoted_title, url=quoted_url))
            for name, pattern in SHARE_TARGETS
        ],
        "url": url,
    }


@register.simple_tag(takes_context=True)
def tag_url(context, tag) -> str:
    """Address of a tag's page, under the site's tag index."""
    base = context["nav"].tag_index_url
    return f"{base}{tag.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def also_in(context, page) -> str:
    """Also in Հայերեն: links to the story's published translations; nothing with one language."""
    from masthead.news.editions import published_translations

    translations = published_translations(page, request=context.get("request"))
    if not translations:
        return ""
    links = format_html_join(
        ", ",
        '<a href="{}" hreflang="{}" lang="{}">{}</a>',
        ((t.url, t.tag, t.tag, t.name) for t in translations),
    )
    return format_html('<p class="also-in meta">{}</p>', format_html(gettext("Also in {}"), links))
