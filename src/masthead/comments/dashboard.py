"""What a moderator sees first: how many comments wait, on the dashboard and in the menu.

A held comment that nobody notices is a reader who gave up. The count is one
indexed query per admin page, cheap enough for every page of the admin, so the
menu can carry it; the dashboard panel lists the oldest held comments with
Approve, Spam and Trash buttons, so a quiet day's moderation needs no other page.
"""

from wagtail.admin.ui.components import Component

from .admin_views import PERMISSION, queue_url
from .models import Comment

PANEL_COMMENTS = 5


def held_count() -> int:
    return Comment.objects.filter(status=Comment.Status.PENDING).count()


def menu_label(count: int) -> str:
    """ "Comments", with the number waiting when there are any."""
    return f"Comments ({count} held)" if count else "Comments"


class HeldCommentsPanel(Component):
    name = "held_comments"
    template_name = "comments/admin/held_comments_panel.html"
    order = 90  # before Wagtail's own panels: the day starts with readers

    def get_context_data(self, parent_context: dict) -> dict:
        context = super().get_context_data(parent_context)
        held = Comment.objects.filter(status=Comment.Status.PENDING)
        context.update(
            count=held.count(),
            comments=held.select_related("article").order_by("created_at", "pk")[:PANEL_COMMENTS],
            queue_url=queue_url(Comment.Status.PENDING),
            request=parent_context["request"],
            csrf_token=parent_context["csrf_token"],
        )
        return context


def may_moderate(user) -> bool:
    return user.has_perm(PERMISSION)
