"""``{% related_articles page %}``: the "You May Also Like" block under an article."""

from django import template

from masthead.caching.tags import note_shown

from ..block import related_stories
from ..models import DEFAULT_BLOCK_SIZE, DiscoverySettings

register = template.Library()


@register.inclusion_tag("discovery/related_block.html", takes_context=True)
def related_articles(context, article) -> dict:
    request = context.get("request")
    count = DEFAULT_BLOCK_SIZE
    if request is not None:
        count = DiscoverySettings.for_request(request).related_count
    stories = related_stories(article, count)
    note_shown(request, stories)
    return {"stories": stories, "request": request}
