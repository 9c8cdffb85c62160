"""Discovery URLs: the search page and its feed, in every edition (``/hy/search/``)."""

from django.urls import path
from django.views.decorators.http import require_safe

from masthead.core.editions import edition_routes

from . import views

urlpatterns = edition_routes(
    [
        path("search/", views.search_page, name="search"),
        path("search/feed/", require_safe(views.search_feed), name="search-feed"),
    ]
)
