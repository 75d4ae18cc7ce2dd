"""
SQLite: entries in date order per locale, as PostgreSQL has had since 0004 (same name),
so that "newest first" for a very common query reads its matches in that order and
stops after the first few hundred, instead of reading every match's entry to sort them
(``search.backends.sqlite``).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_entry_newest ON search_entry (locale_id, date DESC, id)"
)
DROP = "DROP INDEX IF EXISTS search_entry_newest"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0009_posting_score_from_ranking")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
