"""``/search/``: the reader's search page and its Atom feed."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from masthead.core.pagination import requested_page_number

from .forms import SearchForm
from .highlight import mark_terms, snippet
from .search import CleanQuery, SearchFilters, SearchOutcome, clean_query, search_stories
from .text import body_text

RESULTS_PER_PAGE = 10
FEED_ITEMS = 20


def read_search(request: HttpRequest) -> tuple[SearchForm, CleanQuery, SearchFilters]:
    form = SearchForm(request.GET or None)
    form.is_valid()  # errors are shown beside the fields; valid fields still apply
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
            )
    raw = request.GET.get("q", "")
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
def search_page(request: HttpRequest) -> HttpResponse:
    form, query, filters = read_search(request)
    context = {
        "form": form,
        "query": query,
        "search_query": query.text,
        "searched": bool(query.terms),
        "typed_something": bool(request.GET.get("q", "").strip()),
    }
    if query.terms:
        outcome: SearchOutcome = search_stories(query, filters)
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        page = paginator.get_page(requested_page_number(request))
        results = [
            {
                "story": story,
                "title": mark_terms(story.title, query.terms),
                "snippet": snippet(story_text(story), query.terms),
            }
            for story in page.object_list
        ]
        base_query = request.GET.copy()
        base_query.pop("page", None)
        context.update(
            page=page,
            results=results,
            count=paginator.count,
            more_than_count=outcome.more_than_counted,
            any_word=outcome.any_word,
            page_query=base_query.urlencode(),
            feed_query=urlencode({"q": query.text}),
            asked_past_end=requested_page_number(request) > paginator.num_pages,
        )
    return render(request, "discovery/search.html", context)


class SearchFeed(Feed):
    """The newest stories matching a search, as Atom: a reader's standing search."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest):
        _, query, filters = read_search(request)
        filters.newest_first = True
        self.request = request
        return query, filters

    def title(self, obj) -> str:
        query, _ = obj
        return f"Search: {query.text}" if query.terms else "Search"

    def link(self, obj) -> str:
        query, _ = obj
        return "/search/?" + urlencode({"q": query.text})

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
