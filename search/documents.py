"""
The words inside documents: each PDF's text, page by page, read in a background task.

An upload never waits for (or fails because of) extraction: saving a document only
marks its text as pending and enqueues ``search.tasks.extract_document_text`` once the
upload's transaction has committed. What the task finds (text, no text, encrypted,
unreadable) is stored in ``DocumentText`` and shown to editors in the admin.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from wagtail.documents import get_document_model

from cms.storage import StorageUnavailable

from .models import DocumentPage, DocumentText

if TYPE_CHECKING:
    from pypdf import PdfReader  # read_pdf_pages imports it when it reads a PDF

logger = logging.getLogger("search")
MIN_TEXT_CHARACTERS = 20
MAX_PAGES = 2000


def source_of(document) -> str:
    return f"{document.file.name}:{document.file_hash}"[:400]


def is_pdf(document) -> bool:
    return document.file.name.lower().endswith(".pdf")


def document_saved(document) -> None:
    """Called on every save: extraction is queued only when the file changed."""
    source = source_of(document)
    record = DocumentText.objects.filter(document_id=document.pk).first()
    if record is not None and record.source == source:
        return
    if not is_pdf(document):
        DocumentText.objects.update_or_create(
            document_id=document.pk,
            defaults={"status": DocumentText.Status.UNSUPPORTED, "source": source, "message": ""},
        )
        DocumentPage.objects.filter(document_id=document.pk).delete()
        return
    DocumentText.objects.update_or_create(
        document_id=document.pk,
        defaults={"status": DocumentText.Status.PENDING, "source": source, "message": ""},
    )
    transaction.on_commit(lambda: enqueue_extraction(document.pk))


def enqueue_extraction(document_id: int) -> None:
    from .tasks import extract_document_text

    try:
        extract_document_text.enqueue(document_id)
    except Exception:  # the upload must never fail because of indexing
        logger.exception("Could not queue text extraction for document %s", document_id)


def read_pdf_pages(data_file) -> tuple[str, list[str], str]:
    """(status, texts of each page, message) for an open PDF file."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(data_file)
        if reader.is_encrypted and not _unlocked(reader):
            return DocumentText.Status.ENCRYPTED, [], "The PDF needs a password."
        texts = _page_texts(reader)
    except FileNotDecryptedError:
        return DocumentText.Status.ENCRYPTED, [], "The PDF needs a password."
    except StorageUnavailable:
        raise  # a file read lazily from a bucket that went away: not an unreadable PDF
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        return DocumentText.Status.FAILED, [], f"The PDF could not be read: {error}"[:500]
    except Exception as error:
        logger.exception("Unexpected error reading a PDF")
        return DocumentText.Status.FAILED, [], f"The PDF could not be read: {error}"[:500]
    if sum(len(t.strip()) for t in texts) < MIN_TEXT_CHARACTERS:
        return (
            DocumentText.Status.NO_TEXT,
            [],
            "No text was found: the PDF may be scanned images. Upload a PDF with a text "
            "layer (run it through OCR) to make its words searchable.",
        )
    return DocumentText.Status.OK, texts, ""


def _unlocked(reader: PdfReader) -> bool:
    """Some PDFs are "encrypted" with an empty password, only to stop editing."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _page_texts(reader: PdfReader) -> list[str]:
    texts = []
    for number, pdf_page in enumerate(reader.pages, 1):
        if number > MAX_PAGES:
            break
        try:
            texts.append(pdf_page.extract_text() or "")
        except Exception as error:  # one bad page should not lose the others
            logger.warning("Page %s of a PDF could not be read: %s", number, error)
            texts.append("")
    return texts


def extract(document_id: int) -> str | None:
    """Read a document's text into ``DocumentPage`` rows, then index it where pages show it."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    source = source_of(document)
    status: str
    texts: list[str]
    if not is_pdf(document):
        status, texts, message = DocumentText.Status.UNSUPPORTED, [], ""
    else:
        try:
            # From the document's storage (a bucket has no local path): read in full here.
            with document.open_file() as handle:
                status, texts, message = read_pdf_pages(handle)
        except StorageUnavailable as error:
            # Not the file's fault: the text read before stays searchable, the document
            # stays pending, and the task tries again (search.tasks).
            DocumentText.objects.filter(
                document_id=document_id, status=DocumentText.Status.PENDING
            ).update(message=f"Waiting for media storage: {error}"[:500])
            raise
        except OSError as error:
            status, texts, message = DocumentText.Status.FAILED, [], f"File missing: {error}"
    with transaction.atomic():
        DocumentPage.objects.filter(document_id=document_id).delete()
        DocumentPage.objects.bulk_create(
            [
                DocumentPage(document_id=document_id, number=number, text=page_text)
                for number, page_text in enumerate(texts, 1)
                if page_text.strip()
            ]
        )
        DocumentText.objects.update_or_create(
            document_id=document_id,
            defaults={
                "status": status,
                "message": message,
                "source": source,
                "page_count": len(texts),
            },
        )
        reindex_document(document_id)
        forget_answers_showing(document)
    return status


def forget_answers_showing(document) -> None:
    """
    Report details say where their headings are in the PDF's text: the text changed, so
    answers that include the document are stale (as when the document itself is saved).
    """
    from cms.core import changes

    changes.send(changes.DOCUMENT_TEXT_CHANGED, document)


def reindex_document(document_id: int) -> None:
    """The document's pages in search, on every live page that shows it (we are the worker)."""
    from .cache import invalidate_search
    from .indexer import index_document

    index_document(document_id)
    invalidate_search()
