"""Template tags that put reader comments on article pages."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from ..section import section_context
from ..threads import approved_count

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def article_comments(context, article) -> dict:
    """The comment section: threads, paging, the author's held comment and the form."""
    return section_context(context["request"], article)


@register.simple_tag(takes_context=True)
def comment_count_link(context, article) -> str:
    """ " · 3 comments", linking to them, for the article's header; nothing when none."""
    count = approved_count(context.get("request"), article)
    if not count:
        return ""
    label = ngettext("%(count)s comment", "%(count)s comments", count) % {
        "count": number_format(count, force_grouping=True)
    }
    return format_html(' · <a href="#comments">{}</a>', label)
