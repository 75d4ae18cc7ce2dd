"""
Generations of the index and the documents pages show.

``Entry.generation`` and ``IndexState`` let a rebuild write every entry aside and swap
(searches read only the live generation); an entry's key is unique within its
generation. ``ShownDocument`` records which documents each live page shows, so that
every PDF a page shows is searched and points to it.

On SQLite, adding a column rebuilds ``search_entry``, which drops the FTS5 table's
triggers: they are made again (as in 0004). On PostgreSQL, the narrow covering index of
what a query reads from an entry gains the generation.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_entry_fts_update AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, title_terms, terms)
        VALUES ('delete', old.id, old.title_terms, old.terms);
        INSERT INTO search_entry_fts(rowid, title_terms, terms)
        VALUES (new.id, new.title_terms, new.terms);
    END
    """,
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
POSTGRESQL = [
    "DROP INDEX IF EXISTS search_entry_match",
    """
    CREATE INDEX search_entry_match ON search_entry (id)
    INCLUDE (page_id, locale_id, group_key, date, document_id, generation)
    """,
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_match",
    """
    CREATE INDEX search_entry_match ON search_entry (id)
    INCLUDE (page_id, locale_id, group_key, date, document_id)
    """,
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


def create_state(apps, schema_editor):
    apps.get_model("search", "IndexState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_popular_visitors_hidden"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # Undoing the column rebuilds the SQLite table again: the triggers come back here.
        migrations.RunPython(migrations.RunPython.noop, run({"sqlite": SQLITE})),
        migrations.CreateModel(
            name="IndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("live_generation", models.PositiveIntegerField(default=0)),
                ("building_generation", models.PositiveIntegerField(blank=True, null=True)),
                ("build_started_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name="ShownDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="entry",
            name="generation",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="entry",
            name="key",
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name="entry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("initiative", "Initiatives"),
                    ("report", "Reports"),
                    ("industry", "Industries"),
                    ("page", "Pages"),
                    ("document", "PDFs"),
                    ("organisation", "Partners"),
                    ("person", "People"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="entry",
            constraint=models.UniqueConstraint(
                fields=("generation", "key"), name="search_entry_generation_key"
            ),
        ),
        migrations.AddField(
            model_name="showndocument",
            name="document",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtaildocs.document",
            ),
        ),
        migrations.AddField(
            model_name="showndocument",
            name="page",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="showndocument",
            index=models.Index(fields=["document"], name="search_shown_document"),
        ),
        migrations.AddConstraint(
            model_name="showndocument",
            constraint=models.UniqueConstraint(
                fields=("page", "document"), name="search_shown_unique"
            ),
        ),
        migrations.RunPython(create_state, migrations.RunPython.noop),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
