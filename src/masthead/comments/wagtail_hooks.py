"""The Comments item in the Wagtail admin menu, and the admin's comment URLs."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .admin_views import PERMISSION


class CommentsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [path("comments/", include((admin_urls, "comments_admin"), namespace="comments_admin"))]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        "Comments", reverse("comments_admin:index"), icon_name="comment", order=250
    )
