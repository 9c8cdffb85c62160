"""Public comment URLs: where the "Leave a Reply" form posts."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/post/<id:article_id>/", views.post_comment, name="post"),
]
