"""
Where a report's headings are in its PDF: the page on which each one starts, found in
the text extracted page by page for search (``DocumentPage``), so a front end can link
"open at page N" without searching once per heading.

Words are compared folded (case and accents ignored, punctuation and line breaks
skipped). A heading can also be mentioned elsewhere: in a table of contents, in the
running text. Of the pages where its words appear, the one where they stand as a line
of their own (a heading) wins over one where a line starts with them, which wins over
a mention inside a line; and a page that names three or more of the report's headings
(a table of contents) counts only when the heading is nowhere else. Among equals, the
first page wins.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from . import text
from .models import DocumentPage

#: A page naming this many of the headings is taken for a table of contents.
CONTENTS_PAGE_HEADINGS = 3
#: How long a document's heading pages are kept (a week; a new file is a new key).
SECTIONS_TIMEOUT = 7 * 24 * 60 * 60


@dataclass
class _Page:
    number: int
    words: list[str] = field(default_factory=list)
    line_starts: set[int] = field(default_factory=set)


def _read(number: int, page_text: str) -> _Page:
    page = _Page(number)
    for line in page_text.splitlines():
        line_words = text.words(line)
        if line_words:
            page.line_starts.add(len(page.words))
            page.words.extend(line_words)
    page.line_starts.add(len(page.words))  # the end of the last line
    return page


def _strength(page: _Page, start: int, length: int) -> int:
    """3: the words are a line (or lines) of their own; 2: a line starts with them; 1: inside."""
    if start not in page.line_starts:
        return 1
    return 3 if start + length in page.line_starts else 2


def locate(pages: Sequence[tuple[int, str]], headings: Sequence[str]) -> list[int | None]:
    """
    For each of ``headings``, the number of the page of ``pages`` ((number, text)
    pairs) where it is, or None if its words are on none of them.
    """
    read = [_read(number, page_text) for number, page_text in pages]
    # Where each word is, so a heading is looked for only where its first word is.
    positions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, page in enumerate(read):
        for position, word in enumerate(page.words):
            positions[word].append((index, position))

    wanted = [text.words(heading) for heading in headings]
    # Per heading, the best strength of its words on each page.
    found: list[dict[int, int]] = []
    for words in wanted:
        best: dict[int, int] = {}
        for index, position in positions.get(words[0], []) if words else []:
            page = read[index]
            if page.words[position : position + len(words)] == words:
                strength = _strength(page, position, len(words))
                best[index] = max(best.get(index, 0), strength)
        found.append(best)

    named = defaultdict(set)
    for heading, best in enumerate(found):
        for index in best:
            named[index].add(tuple(wanted[heading]))
    contents = {index for index, names in named.items() if len(names) >= CONTENTS_PAGE_HEADINGS}

    located: list[int | None] = []
    for best in found:
        if not best:
            located.append(None)
            continue
        index = max(best, key=lambda i: (i not in contents, best[i], -i))
        located.append(read[index].number)
    return located


def sections_key(document: Any, headings: Sequence[str]) -> str:
    """Where ``located`` keeps its answer in the cache."""
    digest = hashlib.sha256("\n".join(headings).encode()).hexdigest()[:32]
    return f"sections:v1:{document.pk}:{document.file_hash or '-'}:{digest}"


def located(
    document: Any, headings: Sequence[str], found: list[int | None] | None
) -> list[int | None]:
    """
    ``locate`` in the stored text of a document (all None before it is extracted), given
    what the cache held under ``sections_key`` (None: nothing), which the caller reads
    with the other values its answer needs, in one round trip.

    Reading every page's text and finding the headings in it is most of a report
    detail's cost, so the result is cached under the file's hash and the headings: the
    same file gives the same text, and a new file or changed headings a new key. Before
    the text is extracted (no pages yet) nothing is cached.
    """
    if not headings:
        return []
    if found is not None:
        return found
    pages = list(
        DocumentPage.objects.filter(document_id=document.pk)
        .order_by("number")
        .values_list("number", "text")
    )
    numbers = locate(pages, headings)
    if pages and document.file_hash:
        cache.set(sections_key(document, headings), numbers, timeout=SECTIONS_TIMEOUT)
    return numbers
