"""The Comments item in the Wagtail admin menu, its dashboard panel, and the admin's URLs."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .dashboard import HeldCommentsPanel, held_count, may_moderate, menu_label


class CommentsMenuItem(MenuItem):
    """ "Comments (3 held)": the number waiting, on every admin page."""

    def is_shown(self, request) -> bool:
        return may_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        component.label = menu_label(held_count())
        return component


@hooks.register("construct_homepage_panels")
def add_held_comments_panel(request, panels) -> None:
    if may_moderate(request.user):
        panels.append(HeldCommentsPanel())


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [path("comments/", include((admin_urls, "comments_admin"), namespace="comments_admin"))]


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        "Comments", reverse("comments_admin:index"), icon_name="comment", order=250
    )
