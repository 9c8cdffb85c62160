"""Discovery URLs: the search page and its feed."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/feed/", views.search_feed, name="search-feed"),
]
