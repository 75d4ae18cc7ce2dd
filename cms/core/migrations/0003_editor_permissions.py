from django.contrib.auth.management import create_permissions
from django.db import migrations

SNIPPET_MODELS = ["organisation", "person", "theme", "sitetext"]


def grant_editor_permissions(apps, schema_editor):
    """
    Editors publish pages and keep the directory snippets up to date.

    Wagtail's own migrations create the Editors group with add and edit rights only.
    The editorial workflow (moderation of reports and initiatives) is layered on top.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    # Permissions of this app's models are created after migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    editors = Group.objects.filter(name="Editors").first()
    root = Page.objects.filter(depth=1).first()
    if editors is None or root is None:
        return
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=publish)
    codenames = [
        f"{action}_{model}" for model in SNIPPET_MODELS for action in ("add", "change", "delete")
    ]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="core", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_spanish_locale"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_editor_permissions, migrations.RunPython.noop)]
