"""Discovery URLs: the search page and its feed."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/feed/", require_safe(views.search_feed), name="search-feed"),
]
