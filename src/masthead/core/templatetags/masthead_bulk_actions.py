"""Bulk action buttons for what the signed-in user may do.

Wagtail's listing footer offers every registered bulk action to everyone, and
only refuses on the confirmation page: a writer saw Publish, Unpublish and
Delete under the stories they had ticked, and was then told no. Masthead's
footer (``wagtailadmin/bulk_actions/footer.html``) asks each action's own
``check_perm`` about the objects listed and leaves out an action the user may
take on none of them.
"""

from django import template
from django.apps import apps
from django.urls import reverse
from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

register = template.Library()


def permitted_action_urls(request, app_label: str, model_name: str, objects) -> set[str]:
    """The bulk action URLs the user may use on at least one of ``objects``."""
    model = apps.get_model(app_label, model_name)
    listed = list(objects or [])
    urls = set()
    for action_class in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name):
        action = action_class(request, model)
        if any(action.check_perm(obj) for obj in listed):
            urls.add(
                reverse("wagtail_bulk_action", args=[app_label, model_name, action.action_type])
            )
    return urls


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def permitted_bulk_action_choices(context, app_label, model_name, objects=None):
    choices = bulk_action_choices(context, app_label, model_name)
    request = context.get("request")
    if request is None or objects in (None, ""):  # a listing that passes no objects
        return choices
    allowed = permitted_action_urls(request, app_label, model_name, objects)
    buttons = []
    for button in choices["buttons"]:
        if hasattr(button, "dropdown_buttons"):  # "More": the fifth action on
            button.dropdown_buttons = [b for b in button.dropdown_buttons if b.url in allowed]
            if button.dropdown_buttons:
                buttons.append(button)
        elif button.url in allowed:
            buttons.append(button)
    return {**choices, "buttons": buttons}
