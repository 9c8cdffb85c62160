"""Who works the desk (anyone who may write, edit or publish stories), and what they see.

The Stories menu, the calendar and the dashboard's "Today on the desk" all ask
the same questions, so a comment moderator (no page rights) sees none of them,
and each person sees the stories Wagtail lets them explore, no others.
"""

from django.db.models import QuerySet
from wagtail.permissions import page_permission_policy

from .models import ArticlePage

DESK_PERMISSIONS = ["add", "change", "publish"]


def works_the_desk(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, DESK_PERMISSIONS)


def stories_visible_to(user) -> QuerySet:
    """The stories under the parts of the tree ``user`` may explore in the admin."""
    explorable = page_permission_policy.explorable_instances(user).values("pk")
    return ArticlePage.objects.filter(pk__in=explorable)
