"""URLs of the moderation queue, mounted under /admin/comments/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.QueueView.as_view(), name="index"),
    path("<id:pk>/edit/", admin_views.EditView.as_view(), name="edit"),
    path("<id:pk>/reply/", admin_views.ReplyView.as_view(), name="reply"),
    path("personal-data/", admin_views.PersonalDataView.as_view(), name="personal_data"),
]
