"""The newsroom's roles and the review every story goes through.

Writers draft, illustrate and submit; Editors review, publish and schedule;
Moderators look after reader comments. Stories reach readers through the
"Editorial review" workflow, whose single task is approval by an editor.
Everything here is idempotent: ``masthead setup`` applies it on every run (it
is also the upgrade step), so an upgrade that adds a permission reaches
existing sites too.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WRITERS = "Writers"
EDITORS = "Editors"
MODERATORS = "Moderators"
ROLES = (WRITERS, EDITORS, MODERATORS)
# What each group may do, in one line, for whoever administers accounts: shown
# on the group's page in Settings › Groups and listed in docs/operations.md.
ROLE_DESCRIPTIONS = {
    WRITERS: (
        "Draft stories, upload and choose photos and documents (and edit their own), "
        "and submit stories for review; they cannot publish."
    ),
    EDITORS: (
        "Review, publish, schedule and unpublish stories, edit any photo or document, "
        "moderate reader comments and run the newsletters."
    ),
    MODERATORS: (
        "Moderate reader comments (approve, mark spam, trash, reply, export or erase "
        "a reader's comments); no access to stories."
    ),
}
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Editor approval"

PAGE_PERMISSIONS = {
    WRITERS: ["add_page", "change_page", "lock_page"],
    EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
    MODERATORS: [],
}
MODERATE_COMMENTS = ("comments", "moderate_comment")
# Model permissions beyond pages and media, as (app label, codename).
EXTRA_PERMISSIONS = {
    WRITERS: [],
    MODERATORS: [MODERATE_COMMENTS],
    EDITORS: [MODERATE_COMMENTS]
    + [
        ("newsletters", f"{action}_{model}")
        for model in ("edition", "subscriber", "newsletterlist")
        for action in ("add", "change", "view")
    ],
}
# Wagtail's image and document permissions, granted on the root collection.
# "add" also lets the uploader edit and delete their own files (Wagtail's
# ownership rule); "change" and "delete" are for every file.
MEDIA_PERMISSIONS = {
    WRITERS: ["add", "choose"],
    EDITORS: ["add", "change", "choose", "delete"],
    MODERATORS: [],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _media_permissions(actions: list[str]) -> list[Permission]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    permissions = []
    for model in (get_image_model(), get_document_model()):
        # Wagtail checks the permissions of its own Image and Document models
        # (the policy's auth model), even for a custom image model like
        # NewsImage: "add_newsimage" would be granted and never consulted.
        auth_model = policy_registry.get_by_type(model).auth_model
        content_type = ContentType.objects.get_for_model(auth_model)
        for action in actions:
            codename = f"{action}_{auth_model._meta.model_name}"
            permission = Permission.objects.filter(
                content_type=content_type, codename=codename
            ).first()
            if permission:
                permissions.append(permission)
    return permissions


@transaction.atomic
def ensure_newsroom_roles() -> tuple[Group, Group, Workflow]:
    """Create or repair the Writers, Editors and Moderators groups and the editorial workflow."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    admin_access = _permission("wagtailadmin", "access_admin")
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for app_label, codename in EXTRA_PERMISSIONS[name]:
            group.permissions.add(_permission(app_label, codename))
        # Page and media rights at the roots are set back to exactly the role's:
        # a writer never keeps publish rights granted by mistake, and Wagtail's
        # own "Moderators" group (created with page and image rights by Wagtail's
        # first migration) becomes the comment moderators' group it is named for.
        if root_page is not None:
            wanted = {_permission("wagtailcore", codename) for codename in PAGE_PERMISSIONS[name]}
            for permission in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
            GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
                permission__in=wanted
            ).delete()
        if root_collection is not None:
            wanted = set(_media_permissions(MEDIA_PERMISSIONS[name]))
            for permission in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
            GroupCollectionPermission.objects.filter(
                group=group, collection=root_collection
            ).exclude(permission__in=wanted).delete()
        groups[name] = group

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([groups[EDITORS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return groups[WRITERS], groups[EDITORS], workflow
