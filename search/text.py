"""
Text normalisation shared by indexing and querying, so both sides agree on every token.

A word becomes a *term* in three steps: case-folded, stripped of accents, then stemmed
with the Snowball stemmer of the content's language. "Educación", "educacion" and
"educaciones" all become ``educ``; "empleos" and "empleo" become ``emple``. The database
only ever sees these terms, so SQLite's FTS5 and PostgreSQL's ``simple`` configuration
behave the same way.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from django.utils.html import escape

WORD = re.compile(r"[^\W_]+")
STEMMER_LANGUAGES = {"en": "english", "es": "spanish"}
MAX_TERM_LENGTH = 64
_local = threading.local()


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``."""
    return strip_accents(text.casefold())


def words(text: str) -> list[str]:
    """The folded words of ``text``, unstemmed (used for suggestions)."""
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_TERM_LENGTH]


def _stemmer_name(language: str) -> str:
    return STEMMER_LANGUAGES.get(language.split("-")[0], "english")


def _stemmer(name: str) -> Any:
    # Snowball stemmer objects keep state between calls: one per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


# The pure-Python stemmer costs ~35 µs a word, most of an index build; a site's
# vocabulary is small, so each word is stemmed once. Dict reads and writes are atomic,
# and two threads stemming the same word store the same stem.
_stems: dict[str, dict[str, str]] = {}
MAX_CACHED_STEMS = 200_000


def stem_words(folded: Iterable[str], language: str) -> list[str]:
    name = _stemmer_name(language)
    cache = _stems.setdefault(name, {})
    folded = list(folded)
    found: dict[str, str] = {}
    missing = []
    for word in set(folded):
        stem = cache.get(word)
        if stem is None:
            missing.append(word)
        else:
            found[word] = stem
    if missing:
        stemmed = dict(zip(missing, _stemmer(name).stemWords(missing), strict=True))
        found.update(stemmed)
        if len(cache) > MAX_CACHED_STEMS:
            cache.clear()
        cache.update(stemmed)
    return [found[word] for word in folded]


def terms(text: str, language: str) -> list[str]:
    """The index terms of ``text`` in ``language``, in order, repeats kept."""
    return stem_words(words(text), language)


# The language of a text ---------------------------------------------------------------

# Frequent function words that are not also words of the other language ("a", "no"
# and "de" are left out for that reason). Folded, as ``words`` gives them.
STOPWORDS = {
    "en": frozenset(
        words(
            "the and of to in is that for it with as was on are by this be at from or an have "
            "which not their has were but its more than will they can these been our"
        )
    ),
    "es": frozenset(
        words(
            "el la los las del y en que es por para con un una se su sus al lo como más pero "
            "este esta son fue entre sobre también o ha han muy sin hasta desde nuestro"
        )
    ),
}
MIN_STOPWORDS = 5
SAMPLE_WORDS = 5000


def detect_language(text: str) -> str | None:
    """
    "en" or "es" when ``text`` is clearly written in it (the share of each language's
    function words among the first few thousand words), else None.
    """
    sample = words(text)[:SAMPLE_WORDS]
    counts = {
        language: sum(1 for word in sample if word in stopwords)
        for language, stopwords in STOPWORDS.items()
    }
    best = max(counts, key=counts.__getitem__)
    others = max((count for language, count in counts.items() if language != best), default=0)
    if counts[best] < MIN_STOPWORDS or counts[best] < 2 * others:
        return None
    return best


# Queries -----------------------------------------------------------------------------


@dataclass
class ParsedQuery:
    """
    A visitor's query as groups of terms: single words, or quoted phrases.

    ``groups`` are stemmed in the query's language. When the locale also holds text in
    other languages (an English PDF on a Spanish page), ``variants`` has, for each group,
    the same words stemmed in each of them; a group matches when any variant does.
    """

    raw: str
    language: str
    groups: list[list[str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    other_groups: list[list[list[str]]] = field(default_factory=list)

    @property
    def variants(self) -> list[list[list[str]]]:
        """For each group, its distinct forms: the query language's first."""
        found = []
        for number, group in enumerate(self.groups):
            forms = [group]
            for other in self.other_groups[number] if self.other_groups else []:
                if other not in forms:
                    forms.append(other)
            found.append(forms)
        return found

    @property
    def terms(self) -> set[str]:
        return {term for forms in self.variants for form in forms for term in form}

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every group must match (AND), phrases in order."""
        parts = []
        for forms in self.variants:
            quoted = ['"' + " ".join(form) + '"' for form in forms]
            parts.append("(" + " OR ".join(quoted) + ")" if len(quoted) > 1 else quoted[0])
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """A ``to_tsquery('simple', …)`` expression with the same meaning."""
        parts = []
        for forms in self.variants:
            alternatives = []
            for form in forms:
                quoted = ["'" + term.replace("'", "''") + "'" for term in form]
                alternatives.append(
                    "(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0]
                )
            parts.append(
                "(" + " | ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]
            )
        return " & ".join(parts)


_PHRASE = re.compile(r'"([^"]*)"')


def parse_query(raw: str, language: str, also: Iterable[str] = ()) -> ParsedQuery:
    """
    Split a query into terms. Text between balanced double quotes is a phrase; an
    unbalanced quote is ignored. Nothing a visitor types reaches the database's own
    query syntax: every term is made of letters and digits only. ``also`` names other
    languages the searched text may be written in (see ``ParsedQuery.variants``).
    """
    parsed = ParsedQuery(raw=raw, language=language)
    others = [
        other for other in dict.fromkeys(also) if _stemmer_name(other) != _stemmer_name(language)
    ]
    chunks: list[tuple[str, bool]] = []
    position = 0
    for match in _PHRASE.finditer(raw):
        chunks.append((raw[position : match.start()], False))
        chunks.append((match.group(1), True))
        position = match.end()
    chunks.append((raw[position:].replace('"', " "), False))
    seen: set[tuple[str, ...]] = set()
    for text, is_phrase in chunks:
        folded = words(text)
        parsed.words += folded
        stems = stem_words(folded, language)
        other_stems = [stem_words(folded, other) for other in others]
        if is_phrase and len(stems) > 1:
            groups = [(stems, [list(o) for o in other_stems])]
        else:
            groups = [([s], [[o[i]] for o in other_stems]) for i, s in enumerate(stems)]
        for group, other_forms in groups:
            if group and tuple(group) not in seen:
                seen.add(tuple(group))
                parsed.groups.append(group)
                parsed.other_groups.append(other_forms)
    if not others:
        parsed.other_groups = []
    return parsed


# Highlighting -----------------------------------------------------------------------

_ACCENTS = {
    ch: strip_accents(ch) for ch in map(chr, range(0xC0, 0x250)) if len(strip_accents(ch)) == 1
}
_TABLE = str.maketrans(_ACCENTS)


def _fold_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] for ch in text)
    # Most text has nothing to strip, and the table lookups cost a character each.
    return lowered if lowered.isascii() else lowered.translate(_TABLE)


#: Text is folded and scanned this many characters at a time, so an excerpt near the
#: start of a long page's text does not fold all of it.
_BLOCK = 2_000


def match_spans(text: str, query_terms: set[str], language: str) -> Iterator[tuple[int, int]]:
    """Where in ``text`` the words whose term is one of ``query_terms`` are, in order, lazily."""
    if not query_terms or not text:
        return
    prefixes = sorted({term[:4] for term in query_terms}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(map(re.escape, prefixes)) + r")[^\W_]*", re.UNICODE
    )
    position = 0
    while position < len(text):
        # A block ends after a space, so no word is cut in two (the look-behind then
        # sees a block's start as a word's start, as the space before it would be).
        end = text.rfind(" ", position, position + _BLOCK) + 1
        if end <= position or position + _BLOCK >= len(text):
            end = len(text)
        folded = _fold_same_length(text[position:end])
        for match in pattern.finditer(folded):
            start, stop = position + match.start(), position + match.end()
            if stem_words([fold(text[start:stop])], language)[0] in query_terms:
                yield start, stop
        position = end


def highlight(
    text: str, query_terms: set[str], language: str, *, length: int = 240, marks: bool = True
) -> str:
    """
    An HTML-safe excerpt of ``text`` around its first match, every match inside it
    wrapped in ``<mark>``. Text is escaped before marks are added, so nothing in the
    content can become markup.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    found = match_spans(text, query_terms, language) if marks else iter(())
    first = next(found, None)
    start, end = _window(text, first[0] if first else None, length)
    spans = []
    if first:
        spans.append(first)
        # Only the matches inside the excerpt: the rest of the text is never scanned.
        for span in found:
            if span[0] >= end:
                break
            spans.append(span)
    pieces = ["…"] if start else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)


def _window(text: str, anchor: int | None, length: int) -> tuple[int, int]:
    """Where an excerpt of about ``length`` around ``anchor`` starts and ends, at spaces."""
    start = 0
    if anchor is not None:
        start = max(0, anchor - length // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < anchor else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
