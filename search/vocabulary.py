"""
Which words a visitor may be shown: those written in something public.

The index's vocabulary (``Term``, for "did you mean") holds every word ever indexed in a
locale. It is never pruned, so it keeps the words of pages restricted or unpublished
since; and the PDFs of private collections are indexed (they are filtered when searching),
so their words are in it too. A word from it, or a query from the search log, is
therefore shown only once a search with the visibility rules of the results
(``search.engine``) finds it in a live, public page or a public PDF, and, for a word the
visitor did not type, only when that page's text spells it so: two words can share a
stem ("audited", "auditing") and one of them be written only behind a login.
"""

from __future__ import annotations

from . import engine, text
from .models import Entry, Term

#: Results whose text is read to find how a query's words are spelled.
SPELLING_HITS = 3
#: How much of a result's text is read for that.
SPELLING_CHARS = 20_000


def public_outcome(locale_id: int, query: str, language: str, limit: int = 1) -> engine.Outcome:
    """The public results of ``query`` (no filters), as ``/search/`` would find them."""
    parsed = text.parse_query(query, language, also=engine.text_languages(locale_id))
    return engine.search(locale_id, parsed, engine.Filters(), limit=limit)


def is_public_word(locale_id: int, word: str, language: str) -> bool:
    """Whether ``word`` (folded) finds something public: a word the site shows anyone."""
    if not Term.objects.filter(locale_id=locale_id, word=word).exists():
        return False
    return public_outcome(locale_id, word, language).total > 0


def public_spelling(locale_id: int, query: str, language: str) -> str | None:
    """
    ``query`` (folded words) as the public results it finds write it, accents
    included ("educacion" → "educación"), or None when it finds nothing public. A word
    the results do not spell out (it is in a field without excerpt text) stays folded.
    """
    outcome = public_outcome(locale_id, query, language, limit=SPELLING_HITS)
    if not outcome.total or not outcome.hits:
        return None
    spelled = _spellings(set(query.split()), [hit.entry_id for hit in outcome.hits])
    return " ".join(spelled.get(word, word) for word in query.split())


def is_written_publicly(locale_id: int, word: str, language: str) -> bool:
    """Whether a public result of ``word`` has it in its text, spelled so (once folded)."""
    outcome = public_outcome(locale_id, word, language, limit=SPELLING_HITS)
    if not outcome.total:
        return False
    return word in _spellings({word}, [hit.entry_id for hit in outcome.hits])


def _spellings(wanted: set[str], entry_ids: list[int]) -> dict[str, str]:
    """For each folded word in ``wanted``, how the entries' text writes it (lower case)."""
    found: dict[str, str] = {}
    rows = Entry.objects.filter(pk__in=entry_ids).values_list("title", "summary", "body")
    for row in rows:
        for source in row:
            for raw in text.WORD.findall(source[:SPELLING_CHARS].casefold()):
                folded = text.fold(raw)
                if folded in wanted and folded not in found:
                    found[folded] = raw
            if len(found) == len(wanted):
                return found
    return found
