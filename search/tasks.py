"""Background work of the search app (django-tasks: immediate in development and tests)."""

from django_tasks import task


@task()
def extract_document_text(document_id: int) -> str | None:
    """Read a PDF's text page by page and reindex the reports that link to it."""
    from .documents import extract

    return extract(document_id)


@task()
def index_document(document_id: int) -> int:
    """Write (or remove) the entries of a PDF's pages, on the live pages that show it."""
    from . import indexer
    from .cache import invalidate_search

    written = indexer.index_document(document_id)
    invalidate_search()
    return written
