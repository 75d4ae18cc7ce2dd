"""
The site search's own index, beside (not instead of) Wagtail's.

One ``Entry`` is one thing a visitor can find, in one language: a page, a snippet shown
on a page (a partner, a person), or one page of a report's PDF. Its text is stored
twice: as written (for excerpts) and as normalised terms (``search.text``) that the
database's full-text index covers: an FTS5 table on SQLite (migration 0002) and, on
PostgreSQL, an inverted list of (term, entry, score) rows kept by triggers (migration
0004); both are made outside Django's model.

Nothing here is ever shown without checking the target page is live and public at
query time; the listeners in ``search.listeners`` keep the rows current.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string


class Kind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiatives")
    REPORT = "report", _("Reports")
    INDUSTRY = "industry", _("Industries")
    PAGE = "page", _("Pages")
    DOCUMENT = "document", _("PDFs")
    ORGANISATION = "organisation", _("Partners")
    PERSON = "person", _("People")
    INDICATOR = "indicator", _("Indicators")


class Entry(models.Model):
    """One result a visitor can find (see the module's docstring)."""

    key = models.CharField(max_length=120)
    # Which build of the index the row belongs to: searches read only the live one
    # (``IndexState``), so a rebuild writes a new generation aside and then swaps.
    generation = models.PositiveIntegerField(default=0)
    # Rows of one group are one result: the pages of a PDF, or a partner named on
    # several pages. The best-ranked row stands for the group.
    group_key = models.CharField(max_length=120, db_index=True)
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The page a visitor is sent to.",
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    pdf_page = models.PositiveIntegerField(null=True, blank=True)
    object_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The snippet's id, for partner and person hits."
    )
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Plain text, for excerpts.")
    date = models.DateField(null=True, blank=True)
    image_id = models.PositiveIntegerField(null=True, blank=True)
    boost = models.FloatField(default=1.0, help_text="Multiplies the text's relevance.")
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text="The language the text is written in (and stemmed as), when not the locale's.",
    )
    title_text = models.TextField(
        blank=True,
        help_text="The title and boosted fields as written (for an OpenSearch mirror to analyse).",
    )
    title_terms = models.TextField(blank=True, help_text="Terms of the title and boosted fields.")
    terms = models.TextField(blank=True, help_text="Terms of the rest of the text.")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "key"], name="search_entry_generation_key"
            )
        ]
        indexes = [
            models.Index(fields=["locale", "kind"], name="search_entry_locale_kind"),
            # The few entries written in another language than their locale's.
            models.Index(
                fields=["locale", "language"],
                name="search_entry_other_language",
                condition=~models.Q(language=""),
            ),
        ]

    def __str__(self) -> str:
        return self.key


class IndexState(models.Model):
    """
    Which generation of entries searches read, and which one a rebuild is writing.

    One row (id 1). A rebuild (``search.indexer.rebuild``) writes every entry again
    under ``building_generation`` while searches keep reading ``live_generation``;
    publishing during the rebuild writes both. The swap is one update of this row.
    """

    live_generation = models.PositiveIntegerField(default=0)
    building_generation = models.PositiveIntegerField(null=True, blank=True)
    build_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"live {self.live_generation}, building {self.building_generation}"


class ShownDocument(models.Model):
    """
    A document a live, public page shows (its own document field, a document block, a
    document link in rich text), as read from the page when it was last indexed: the
    PDFs that search reads and the pages their hits point to.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "document"], name="search_shown_unique")
        ]
        indexes = [models.Index(fields=["document"], name="search_shown_document")]

    def __str__(self) -> str:
        return f"page {self.page_id} shows document {self.document_id}"


class Facet(models.Model):
    """One filterable value of an entry: its type, a theme, an industry, a year…"""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=40)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value"], name="search_facet_name_value"),
            # Covering: facet counts read only this index.
            models.Index(fields=["entry", "name", "value"], name="search_facet_entry_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Suggestion(models.Model):
    """
    A title, and each of its tails from a word boundary on, for prefix suggestions:
    "Progress Points" is found by "prog" and by "poin".
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="suggestions")
    locale_id = models.PositiveIntegerField()
    phrase = models.CharField(max_length=255)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["locale_id", "phrase"],
                name="search_suggestion_phrase",
                opclasses=["int4_ops", "varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return self.phrase


class Term(models.Model):
    """The index's vocabulary (folded, unstemmed words), for "did you mean"."""

    locale_id = models.PositiveIntegerField()
    word = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locale_id", "word"], name="search_term_unique")
        ]

    def __str__(self) -> str:
        return self.word


class DocumentText(models.Model):
    """What became of extracting a document's text; shown to editors in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for text extraction")
        OK = "ok", _("Text extracted; searchable")
        NO_TEXT = "no_text", _("No text found (a scanned PDF?); only the title is searchable")
        ENCRYPTED = "encrypted", _("Encrypted PDF; its text cannot be read")
        FAILED = "failed", _("The PDF could not be read")
        UNSUPPORTED = "unsupported", _("Not a PDF; only the title is searchable")

    document = models.OneToOneField(
        get_document_model_string(),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(blank=True)
    source = models.CharField(
        max_length=400, blank=True, help_text="File name and hash the text was taken from."
    )
    page_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"


class DocumentPage(models.Model):
    """The text of one page of a PDF."""

    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(help_text="1-based page number.")
    text = models.TextField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="search_docpage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} p. {self.number}"


class QueryCount(models.Model):
    """
    Searches per language, day and normalised query (``search.querylog``): how often,
    by how many distinct visitors, and whether anything public was found. The rows
    that found something feed ``/search/popular/`` and the editors' popular-searches
    report; the others, the editors' report of searches with no results (never public).
    """

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    query_string = models.CharField(
        max_length=255, help_text="The query's words, folded as the index folds them."
    )
    date = models.DateField()
    found = models.BooleanField(
        default=True, help_text="Whether these searches found at least one public result."
    )
    hits = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(
        default=0, help_text="Distinct visitors that day (each counted once, by a keyed hash)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "query_string", "date", "found"],
                name="search_querycount_unique_found",
            )
        ]
        indexes = [models.Index(fields=["locale", "date"], name="search_querycount_date")]

    def __str__(self) -> str:
        return f"{self.query_string} ({self.date}: {self.hits})"


class QueryVisitor(models.Model):
    """
    That one visitor searched one query on one day, so that they count once among its
    visitors. Only a keyed hash of (visitor, query, day) is kept: no address, nothing
    that links one visitor's searches to each other, and the rows of past days are
    deleted (``search.querylog.prune_visitors``) once their counts are in ``QueryCount``.
    """

    date = models.DateField()
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["date", "digest"], name="search_queryvisitor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.digest}"


class HiddenQuery(models.Model):
    """A query the editors keep out of ``/search/popular/`` in one language."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    query_string = models.CharField(
        max_length=255, help_text="The query's words, folded as the index folds them."
    )
    hidden_at = models.DateTimeField(auto_now_add=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who hid it.",
    )

    class Meta:
        verbose_name_plural = "hidden queries"
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "query_string"], name="search_hiddenquery_unique"
            )
        ]

    def __str__(self) -> str:
        return self.query_string
