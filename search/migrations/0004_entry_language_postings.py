"""
PostgreSQL: an inverted list (``search_posting``: term, entry, score) in place of the
GIN index, so that matching, ranking and facet counting read narrow index rows instead
of every matching row's ``tsvector`` out of TOAST. Triggers on ``search_entry`` keep it
in step with whatever writes entries; ``score`` is the term's weight in the entry
(title and boosted text 1.0 an occurrence, the rest 0.1) times the entry's boost.
``gsample``, a hash of the entry's group, lets a query count a fixed fraction of a very
common term's groups (see ``search.engine``).

Also, on PostgreSQL, an index that lets suggestions be read in prefix order by position
(``C`` collation: byte order, which LIKE can use as a range), and a narrow covering
index of what a query needs from an entry. SQLite keeps its FTS5 table, but adding a
column makes Django rebuild ``search_entry`` there, which drops the table's triggers:
they are made again, and the FTS5 index rebuilt from the rows.
"""

from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE TABLE search_posting (
        term text COLLATE "C" NOT NULL,
        locale_id integer NOT NULL,
        score real NOT NULL,
        entry_id bigint NOT NULL,
        gsample integer NOT NULL
    )
    """,
    """
    CREATE FUNCTION search_posting_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_posting;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM search_posting p USING removed r WHERE p.entry_id = r.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_posting (term, locale_id, score, entry_id, gsample)
            SELECT u.lexeme, a.locale_id,
                   a.boost * (0.1 * cardinality(u.weights)
                              + 0.9 * cardinality(array_positions(u.weights, 'A'))),
                   a.id, hashtext(a.group_key)
            FROM added a CROSS JOIN LATERAL unnest(a.vector) u;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER search_posting_insert AFTER INSERT ON search_entry
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_posting_sync()
    """,
    """
    CREATE TRIGGER search_posting_update AFTER UPDATE ON search_entry
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION search_posting_sync()
    """,
    """
    CREATE TRIGGER search_posting_delete AFTER DELETE ON search_entry
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION search_posting_sync()
    """,
    """
    CREATE TRIGGER search_posting_truncate AFTER TRUNCATE ON search_entry
    FOR EACH STATEMENT EXECUTE FUNCTION search_posting_sync()
    """,
    """
    INSERT INTO search_posting (term, locale_id, score, entry_id, gsample)
    SELECT u.lexeme, e.locale_id,
           e.boost * (0.1 * cardinality(u.weights)
                      + 0.9 * cardinality(array_positions(u.weights, 'A'))),
           e.id, hashtext(e.group_key)
    FROM search_entry e CROSS JOIN LATERAL unnest(e.vector) u
    """,
    """
    CREATE INDEX search_posting_term ON search_posting (term, locale_id, score DESC)
    INCLUDE (entry_id, gsample)
    """,
    "CREATE UNIQUE INDEX search_posting_entry ON search_posting (entry_id, term) INCLUDE (score)",
    "DROP INDEX IF EXISTS search_entry_vector",
    """
    CREATE INDEX search_entry_match ON search_entry (id)
    INCLUDE (page_id, locale_id, group_key, date, document_id)
    """,
    "CREATE INDEX search_entry_newest ON search_entry (locale_id, date DESC NULLS LAST, id)",
    """
    CREATE INDEX search_suggestion_prefix
    ON search_suggestion (locale_id, position, (phrase COLLATE "C")) INCLUDE (entry_id)
    """,
]
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

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_suggestion_prefix",
    "DROP INDEX IF EXISTS search_entry_newest",
    "DROP INDEX IF EXISTS search_entry_match",
    "CREATE INDEX IF NOT EXISTS search_entry_vector ON search_entry USING gin (vector)",
    "DROP TRIGGER IF EXISTS search_posting_truncate ON search_entry",
    "DROP TRIGGER IF EXISTS search_posting_delete ON search_entry",
    "DROP TRIGGER IF EXISTS search_posting_update ON search_entry",
    "DROP TRIGGER IF EXISTS search_posting_insert ON search_entry",
    "DROP FUNCTION IF EXISTS search_posting_sync()",
    "DROP TABLE IF EXISTS search_posting",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_covering_index")]

    operations = [
        # Undoing the column rebuilds the SQLite table again: the triggers come back here.
        migrations.RunPython(migrations.RunPython.noop, run({"sqlite": SQLITE})),
        migrations.AddField(
            model_name="entry",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The language the text is written in (and stemmed as), when not the locale's.",
                max_length=12,
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                condition=models.Q(("language", ""), _negated=True),
                fields=["locale", "language"],
                name="search_entry_other_language",
            ),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
