"""``/search/``: the reader's search page and its Atom feed, both kept in the page cache.

With editions each edition has both under its prefix (``/hy/search/``),
searching its own stories only (:func:`.search.filtered_stories`).

A page with searched words declares the ``search`` tag, which every change to a
story bumps (``news.cache_rules``), so a stored result page is stale the moment
a story that could be on it is published, edited or unpublished. Both views
read only the parameters :mod:`.search_address` puts in one spelling, the form
errors included, so requests that share a stored page get the same page.
Pages without searched words are cheap and quote what was typed: not stored.
Whatever the cache cannot answer counts towards the address's search limit.
"""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from masthead.caching.tags import SEARCH, declare
from masthead.core.pagination import page_number
from masthead.core.reader_limits import limit_per_address
from masthead.news.body_text import body_text

from .forms import SearchForm
from .highlight import mark_terms, snippet
from .search import CleanQuery, SearchFilters, SearchOutcome, clean_query, search_stories
from .search_address import canonical_feed, canonical_search

RESULTS_PER_PAGE = 10
FEED_ITEMS = 20
# Searches the page cache has not stored, per address (masthead.core.reader_limits).
search_limit = limit_per_address("search", "MASTHEAD_SEARCH_LIMIT", gettext_lazy("searches"))


def read_search(params: QueryDict) -> tuple[SearchForm, CleanQuery, SearchFilters]:
    """The form (with its errors), the words and the filters of a search's parameters."""
    form = SearchForm(params or None)
    form.is_valid()  # errors are shown beside the fields; valid fields still apply
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
    raw = params.get("q", "")
    filters = SearchFilters(
        section=form.valid_value("section"),
        author=form.valid_value("author"),
        date_from=form.valid_value("date_from"),
        date_to=form.valid_value("date_to"),
        newest_first=form.valid_value("sort") == "newest",
    )
    return form, clean_query(raw), filters


def story_text(story) -> str:
    """What a result's snippet is cut from: standfirst, then body."""
    raw = getattr(story.body, "raw_data", None)
    return " ".join(part for part in (story.standfirst, body_text(list(raw or []))) if part)


@require_safe  # Only GET and HEAD: see masthead.core.methods.
@search_limit
def search_page(request: HttpRequest) -> HttpResponse:
    params = canonical_search(request.GET) or request.GET
    form, query, filters = read_search(params)
    context = {
        "form": form,
        "query": query,
        "search_query": query.text,
        "searched": bool(query.terms),
        "typed": params.get("q", ""),
        "typed_something": bool(params.get("q", "").strip()),
    }
    if query.terms:
        declare(request, SEARCH)
        outcome: SearchOutcome = search_stories(query, filters)
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        asked = page_number(params.get("page"))
        page = paginator.get_page(asked)
        results = [
            {
                "story": story,
                "title": mark_terms(story.title, query.terms),
                "snippet": snippet(story_text(story), query.terms),
            }
            for story in page.object_list
        ]
        base_query = params.copy()
        base_query.pop("page", None)
        context.update(
            page=page,
            results=results,
            count=paginator.count,
            more_than_count=outcome.more_than_counted,
            any_word=outcome.any_word,
            page_query=base_query.urlencode(),
            feed_query=urlencode({"q": query.text}),
            asked_past_end=asked > paginator.num_pages,
        )
    return render(request, "discovery/search.html", context)


class SearchFeed(Feed):
    """The newest stories matching a search, as Atom: a reader's standing search."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest):
        _, query, filters = read_search(canonical_feed(request.GET) or request.GET)
        if query.terms:
            declare(request, SEARCH)
        filters.newest_first = True
        self.request = request
        return query, filters

    def title(self, obj) -> str:
        query, _ = obj
        return f"Search: {query.text}" if query.terms else "Search"

    def link(self, obj) -> str:
        query, _ = obj
        return reverse("search") + "?" + urlencode({"q": query.text})

    def subtitle(self, obj) -> str:
        query, _ = obj
        return f"The newest stories matching “{query.text}”." if query.terms else ""

    def items(self, obj):
        query, filters = obj
        if not query.terms:
            return []
        return list(search_stories(query, filters).results[:FEED_ITEMS])

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.teaser()

    def item_link(self, item) -> str:
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


search_feed = search_limit(SearchFeed())
