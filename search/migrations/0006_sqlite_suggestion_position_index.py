"""
SQLite: suggestions read in (position, phrase) order from an index, as PostgreSQL does
with ``search_suggestion_prefix`` (0004), so a short prefix stops after the first few
visible phrases instead of joining and sorting every phrase it matches (at 100,000
pages, "in" matches about 15,000). SQLite compares text byte by byte (its BINARY
collation), the order PostgreSQL's ``C`` collation gives.
"""

from django.db import migrations

CREATE = """
    CREATE INDEX IF NOT EXISTS search_suggestion_position
    ON search_suggestion (locale_id, position, phrase, entry_id)
"""
DROP = "DROP INDEX IF EXISTS search_suggestion_position"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0005_posting_sample_index")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
