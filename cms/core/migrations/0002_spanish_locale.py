from django.db import migrations


def create_spanish_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="es")


class Migration(migrations.Migration):
    """The site is bilingual from its first migration: Spanish exists beside English."""

    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_spanish_locale, migrations.RunPython.noop)]
