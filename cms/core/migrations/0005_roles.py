from django.contrib.auth.management import create_permissions
from django.db import migrations

from cms.core.roles import apply_group_roles


def create_roles(apps, schema_editor):
    """
    The Editors, Moderators, Translators and Site administrators groups and the
    Moderation workflow (see cms/core/roles.py). Editors lose the publish permission
    at the root that 0003 gave them; which sections they publish depends on the page
    tree and is set by ``apply_page_roles`` after migrating.
    """
    # Other apps' permissions are created after migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    apply_group_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_preview_snapshot"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("newsletter", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
