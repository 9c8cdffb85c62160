"""The newsroom's additions to the Wagtail admin.

Stories: the flat list of every story and "New story" by section (see
:mod:`masthead.news.desk`). Settings › Groups: each newsroom group's page says,
in one line, what its members may do (the descriptions live with the roles, in
masthead.core.roles).
"""

from django import forms
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from masthead.core.roles import role_description

from .admin_actions import sends_the_story_out
from .author_chooser import author_chooser_viewset
from .dashboard import DeskTodayPanel
from .desk import StoriesViewSet
from .desk_access import works_the_desk
from .models import ArticlePage
from .translation_status import OriginalChangesView, mark_up_to_date_view


class RoleDescriptionPanel:
    """A read-only panel on a group's edit page; Wagtail treats it as a permission panel."""

    media = forms.Media()

    def __init__(self, data=None, files=None, instance=None, prefix=None):
        self.instance = instance

    def is_valid(self) -> bool:
        return True

    def save(self) -> None:
        """Nothing to save: the description belongs to the role, not to the form."""

    def as_admin_panel(self) -> str:
        description = role_description(getattr(self.instance, "name", None) or "")
        if not description:
            return ""
        return render_to_string("news/admin/role_description.html", {"description": description})


@hooks.register("register_group_permission_panel")
def register_role_description_panel():
    return RoleDescriptionPanel


@hooks.register("register_admin_viewset")
def register_stories_listing():
    return StoriesViewSet()


@hooks.register("construct_homepage_panels")
def add_desk_today_panel(request, panels) -> None:
    if works_the_desk(request.user):
        panels.append(DeskTodayPanel())


@hooks.register("register_admin_viewset")
def register_author_chooser():
    """The byline's chooser of people by name (see masthead.news.author_chooser)."""
    return author_chooser_viewset


@hooks.register("insert_editor_js")
def save_after_autosave() -> str:
    """A "Save draft" pressed during the first autosave must not make a second story.

    Wagtail's create view would receive the form twice: once from the
    background save, once from the press (see news/save-after-autosave.js).
    """
    return format_html('<script src="{}" defer></script>', static("news/save-after-autosave.js"))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def back_to_the_stories_list(request, page):
    """A story just submitted, approved or published takes its writer back to Stories.

    Wagtail would open the section's page tree; a draft save keeps the editor
    open as before, and an explicit ``next`` address still wins.
    """
    if (
        isinstance(page.specific, ArticlePage)
        and sends_the_story_out(request.POST)
        and not request.GET.get("next")
        and not request.POST.get("next")
    ):
        return redirect("stories:index")
    return None


@hooks.register("register_admin_urls")
def register_translation_up_to_date():
    """The translation panel's links: the original's changes, and "mark it as up to date"."""
    return [
        path(
            "translations/<int:page_id>/up-to-date/",
            mark_up_to_date_view,
            name="translation_up_to_date",
        ),
        path(
            "translations/<int:translation_id>/original-changes/<int:revision_id_a>...<int:revision_id_b>/",
            OriginalChangesView.as_view(),
            name="translation_original_changes",
        ),
    ]
