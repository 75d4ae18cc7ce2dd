"""
The title and boosted fields as written (``Entry.title_text``), for an OpenSearch copy
of the index to analyse with its own analysers (``search.mirror``): the database's
index only kept their stems. Adding a column makes Django rebuild ``search_entry`` on
SQLite, which drops the FTS5 table's triggers and the date index of 0010: they are made
again (as 0004 did), and the FTS5 index rebuilt from the rows.
"""

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
    "CREATE INDEX IF NOT EXISTS search_entry_newest ON search_entry (locale_id, date DESC, id)",
]


def sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0010_sqlite_newest_index")]

    operations = [
        # Undoing the column rebuilds the SQLite table again: the triggers come back here.
        migrations.RunPython(migrations.RunPython.noop, sqlite),
        migrations.AddField(
            model_name="entry",
            name="title_text",
            field=models.TextField(
                blank=True,
                help_text="The title and boosted fields as written (for an OpenSearch mirror to analyse).",
            ),
        ),
        migrations.RunPython(sqlite, migrations.RunPython.noop),
    ]
