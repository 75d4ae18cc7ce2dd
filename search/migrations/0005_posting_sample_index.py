"""
PostgreSQL: the inverted list in hash order too, so that sampling a very common term's
groups reads only the sample (a range of ``gsample``) rather than all its postings.
"""

from django.db import migrations

CREATE = """
    CREATE INDEX IF NOT EXISTS search_posting_sample
    ON search_posting (term, locale_id, gsample) INCLUDE (entry_id, score)
"""
DROP = "DROP INDEX IF EXISTS search_posting_sample"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_language_postings")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
