"""
The editorial roles (Editors, Moderators, Translators, Site administrators) and the
"Moderation" workflow, as groups, permissions and page-tree rules.

Who may publish what:

* The "Moderation" workflow (one task, "Moderator approval") is assigned at the root
  of the page tree, so it covers every page in every language, including pages added
  later. Whoever lacks publish permission on a page submits it to the workflow instead.
* Moderators and Site administrators hold publish permission at the root: they publish
  anything directly and approve submissions.
* Editors hold publish permission only on the top-level sections (children of a site's
  home page) whose subtree holds no report or initiative page (nor their indexes).
  Everywhere else, the home pages included, an editor's change goes through approval.
* Translators add and edit pages only in the Spanish page tree and edit only Spanish
  snippets; they publish nothing alone.

Page permissions that depend on the page tree are recomputed by ``apply_page_roles``:
after migrations, by ``manage.py setup_roles``, and whenever a site root, a top-level
section, a report or an initiative (or one of their indexes) is created or a page is
moved, so that moving a report index into a section never lets editors publish it.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_migrate, post_save
from wagtail import hooks
from wagtail.signals import post_page_move

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
SITE_ADMINISTRATORS = "Site administrators"
# Roles that may edit content in any language; a Translator with none of them is
# limited to Spanish.
ANY_LANGUAGE_ROLES = {EDITORS, MODERATORS, SITE_ADMINISTRATORS}
TRANSLATION_LANGUAGE = "es"

WORKFLOW_NAME = "Moderation"
TASK_NAME = "Moderator approval"
APPROVER_GROUPS = (MODERATORS, SITE_ADMINISTRATORS)
# The workflow Wagtail's own migrations assign to the root; "Moderation" replaces it.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

# Page types that only a moderator may publish, and what holds them.
MODERATED_PAGE_TYPES = (
    ("reports", "reportindexpage"),
    ("reports", "reportpage"),
    ("initiatives", "initiativeindexpage"),
    ("initiatives", "initiativepage"),
)

SNIPPETS = ("organisation", "person", "theme", "sitetext")


def _perms(app_label: str, actions: tuple[str, ...], models: tuple[str, ...]) -> set:
    return {(app_label, f"{action}_{model}") for model in models for action in actions}


ADMIN_ACCESS = {("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")}
MEDIA = _perms("wagtailimages", ("add", "change", "delete", "choose"), ("image",)) | _perms(
    "wagtaildocs", ("add", "change", "delete", "choose"), ("document",)
)
# Indicators (and their series) are kept by editors; translators translate their words.
INDICATORS = ("indicator", "geography", "observation")
EDITOR_PERMISSIONS = (
    ADMIN_ACCESS
    | MEDIA
    | _perms("core", ("add", "change", "delete"), SNIPPETS)
    | _perms("indicators", ("add", "change", "delete"), INDICATORS)
)
TRANSLATOR_PERMISSIONS = (
    ADMIN_ACCESS
    | {("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")}
    | _perms("core", ("change",), SNIPPETS)
    | _perms("indicators", ("change",), ("indicator", "geography"))
)
SITE_ADMINISTRATOR_PERMISSIONS = (
    EDITOR_PERMISSIONS
    | {("core", "change_sitesettings"), ("core", "view_sitesettings")}
    | _perms("auth", ("add", "change", "delete", "view"), ("user",))
    | {("auth", "view_group")}
    | _perms("wagtailcore", ("add", "change", "delete"), ("workflow", "task"))
    | _perms("wagtailredirects", ("add", "change", "delete"), ("redirect",))
    | _perms("wagtailsearchpromotions", ("add", "change", "delete"), ("searchpromotion",))
    | {("newsletter", "view_subscriber"), ("newsletter", "delete_subscriber")}
    | _perms("publishing", ("add", "change", "delete", "view"), ("webhookendpoint",))
    | {("publishing", "view_webhookdelivery"), ("publishing", "view_purgerequest")}
)
GROUP_PERMISSIONS = {
    EDITORS: EDITOR_PERMISSIONS,
    MODERATORS: EDITOR_PERMISSIONS,
    TRANSLATORS: TRANSLATOR_PERMISSIONS,
    SITE_ADMINISTRATORS: SITE_ADMINISTRATOR_PERMISSIONS,
}
# Page permissions held at the root of the tree (so on every page).
ROOT_PAGE_PERMISSIONS = {
    EDITORS: {"add_page", "change_page"},
    MODERATORS: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    TRANSLATORS: set(),
    SITE_ADMINISTRATORS: {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    },
}


def apply_group_roles(apps=global_apps) -> None:
    """
    Create the four groups with their model permissions, their root page permissions
    and the Moderation workflow at the root. Idempotent; works on a fresh database and
    in a migration (pass the migration's ``apps``).
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUP_PERMISSIONS}
    for name, wanted in GROUP_PERMISSIONS.items():
        for app_label, codename in sorted(wanted):
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:  # an app left out of INSTALLED_APPS
                groups[name].permissions.add(permission)

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore").filter(
            codename__in=set().union(*ROOT_PAGE_PERMISSIONS.values())
        )
    }
    for name, codenames in ROOT_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(group=groups[name], page=root).exclude(
            permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root, permission=page_permissions[codename]
            )
    _moderation_workflow(apps, root, [groups[name] for name in APPROVER_GROUPS])


def _moderation_workflow(apps, root, approvers) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
        task.groups.set(approvers)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's default workflow, once replaced at the root, would only confuse.
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, workflow_pages__isnull=True).update(
        active=False
    )


def apply_page_roles() -> None:
    """
    (Re)assign the page permissions that depend on the page tree: Editors publish the
    top-level sections free of reports and initiatives; Translators add and edit the
    Spanish site roots' trees. Idempotent.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    editors = Group.objects.filter(name=EDITORS).first()
    translators = Group.objects.filter(name=TRANSLATORS).first()
    if editors is None or translators is None:
        return
    # A type without a content type yet (during the first migrate) has no pages.
    moderated_types = Q()
    for app_label, model in MODERATED_PAGE_TYPES:
        moderated_types |= Q(app_label=app_label, model=model)
    moderated_paths = list(
        Page.objects.filter(
            content_type__in=ContentType.objects.filter(moderated_types)
        ).values_list("path", flat=True)
    )
    sections = Page.objects.filter(depth=3).only("pk", "path")
    publishable = {
        page.pk
        for page in sections
        if not any(path.startswith(page.path) for path in moderated_paths)
    }
    spanish_roots = set(
        Page.objects.filter(depth=2, locale__language_code=TRANSLATION_LANGUAGE).values_list(
            "pk", flat=True
        )
    )
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=["add_page", "change_page", "publish_page"],
        )
    }
    if len(perms) < 3:  # a database being flushed: nothing to grant yet
        return
    with transaction.atomic():
        _set_page_permissions(editors, perms["publish_page"], publishable)
        for codename in ("add_page", "change_page"):
            _set_page_permissions(translators, perms[codename], spanish_roots)


def _set_page_permissions(group, permission, page_ids: set[int]) -> None:
    """Grant ``permission`` to ``group`` on exactly ``page_ids``: these rules own it."""
    from wagtail.models import GroupPagePermission

    existing = GroupPagePermission.objects.filter(group=group, permission=permission)
    existing.exclude(page__in=page_ids).delete()
    have = set(existing.values_list("page_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, permission=permission, page_id=page_id)
        for page_id in page_ids - have
    )


def apply_roles() -> None:
    """Everything: groups, permissions, the workflow and the page-tree rules."""
    apply_group_roles()
    apply_page_roles()


# Keeping the page rules true as the tree changes -------------------------------------


def _is_structural(page) -> bool:
    meta = page._meta
    return page.depth <= 3 or (meta.app_label, meta.model_name) in MODERATED_PAGE_TYPES


def _page_created(sender, instance, created, raw=False, **kwargs):
    from wagtail.models import Page

    if created and not raw and isinstance(instance, Page) and _is_structural(instance):
        apply_page_roles()


def _page_moved(sender, **kwargs):
    apply_page_roles()


def _after_migrate(sender, **kwargs):
    apply_roles()


def connect() -> None:
    # After the last app's post_migrate: by then every app's permissions and content
    # types exist (each app's are made by its own post_migrate).
    last_app = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    post_migrate.connect(_after_migrate, sender=last_app, dispatch_uid="core-roles")
    post_save.connect(_page_created, dispatch_uid="core-roles-page-created")
    post_page_move.connect(_page_moved, dispatch_uid="core-roles-page-moved")


# Translators: Spanish snippets only ----------------------------------------------------


def is_translator_only(user) -> bool:
    if user.is_superuser:
        return False
    names = {group.name for group in user.groups.all()}
    return TRANSLATORS in names and not names & ANY_LANGUAGE_ROLES


def _refuse_unless_spanish(request, locale):
    from wagtail.admin.auth import permission_denied

    if is_translator_only(request.user) and (
        locale is None or locale.language_code != TRANSLATION_LANGUAGE
    ):
        return permission_denied(request)
    return None


@hooks.register("before_edit_snippet")
def _translator_edits_spanish_snippets(request, instance):
    return _refuse_unless_spanish(request, getattr(instance, "locale", None))


@hooks.register("before_create_snippet")
def _translator_creates_spanish_snippets(request, model):
    from wagtail.models import Locale

    code = request.GET.get("locale") or request.POST.get("locale")
    locale = Locale.objects.filter(language_code=code).first() if code else None
    return _refuse_unless_spanish(request, locale)


@hooks.register("before_delete_snippet")
def _translator_deletes_spanish_snippets(request, instances):
    for instance in instances:
        if response := _refuse_unless_spanish(request, getattr(instance, "locale", None)):
            return response
    return None
