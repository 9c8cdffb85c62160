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
# One group per edition but the default: a writer's rights, in that edition's tree only.
TRANSLATORS = "Translators"
TRANSLATOR_DESCRIPTION = (
    "Translate and write stories in the {language} edition only: edit its drafts, "
    "upload and choose photos, and submit for review; they cannot publish, nor edit "
    "the other editions."
)
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
# "Translate" on a page (wagtail.contrib.simple_translation); shown only with two editions.
SUBMIT_TRANSLATION = ("simple_translation", "submit_translation")
# Model permissions beyond pages and media, as (app label, codename).
EXTRA_PERMISSIONS = {
    WRITERS: [SUBMIT_TRANSLATION],
    MODERATORS: [MODERATE_COMMENTS],
    EDITORS: [MODERATE_COMMENTS, SUBMIT_TRANSLATION]
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


def translators_group_name(language: str) -> str:
    """ "Translators (Հայերեն)": the language by its own name, as its translators read it."""
    return f"{TRANSLATORS} ({language})"


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


@transaction.atomic
def ensure_translator_roles(edition_homes: dict[str, list[Page]]) -> list[Group]:
    """A translators' group for each edition: a writer's rights under its home pages only.

    ``edition_homes`` maps each edition's own name (Հայերեն) to its home pages
    (one per site);
    the default edition is left out, since its staff are the newsroom's Writers.
    Wagtail's page permissions follow the tree, so rights granted on the
    Armenian home reach every Armenian section and story and nothing else.
    Stories keep going through the editorial review, which is set on the root.
    """
    admin_access = _permission("wagtailadmin", "access_admin")
    wanted = {_permission("wagtailcore", codename) for codename in PAGE_PERMISSIONS[WRITERS]}
    root_collection = Collection.get_first_root_node()
    groups = []
    for language, home_pages in edition_homes.items():
        group, _ = Group.objects.get_or_create(name=translators_group_name(language))
        group.permissions.add(admin_access, _permission(*SUBMIT_TRANSLATION))
        for home in home_pages:
            for permission in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        # Rights anywhere else (the root, another edition) are taken back.
        GroupPagePermission.objects.filter(group=group).exclude(
            page__in=home_pages, permission__in=wanted
        ).delete()
        if root_collection is not None:
            for permission in _media_permissions(MEDIA_PERMISSIONS[WRITERS]):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        groups.append(group)
    return groups


def role_description(group_name: str) -> str:
    """What a newsroom group may do, in one line, or "" for a group of the site's own."""
    if group_name in ROLE_DESCRIPTIONS:
        return ROLE_DESCRIPTIONS[group_name]
    prefix = f"{TRANSLATORS} ("
    if group_name.startswith(prefix) and group_name.endswith(")"):
        return TRANSLATOR_DESCRIPTION.format(language=group_name[len(prefix) : -1])
    return ""
