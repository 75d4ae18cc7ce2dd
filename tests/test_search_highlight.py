"""
Excerpts with highlights (search.text.highlight): long texts are folded and scanned a
block at a time and only as far as the excerpt needs, with the same result as reading
them whole.
"""

import re

from search import text
from search.text import _BLOCK, highlight


def terms(query: str, language: str = "en") -> set[str]:
    return text.parse_query(query, language).terms


def filler(characters: int) -> str:
    words = ["the", "region", "grew", "steadily", "across", "every", "county", "and", "town"]
    out, n = [], 0
    while n < characters:
        word = words[len(out) % len(words)]
        out.append(word)
        n += len(word) + 1
    return " ".join(out)


def test_a_match_far_into_a_long_text_is_found_and_marked():
    body = f"{filler(5 * _BLOCK)} Riders took the CTfastrak busway daily. {filler(_BLOCK)}"

    excerpt = highlight(body, terms("ctfastrak"), "en")

    assert "<mark>CTfastrak</mark> busway" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")


def test_every_match_inside_the_excerpt_is_marked_across_a_block_boundary():
    # The first match ends just before a block boundary, the second starts after it,
    # both inside one 240-character excerpt.
    lead = filler(_BLOCK - 40)
    body = f"{lead} millennials stay {filler(60)} millennials leave {filler(3 * _BLOCK)}"
    assert body.index("leave") > _BLOCK

    excerpt = highlight(body, terms("millennials"), "en")

    assert excerpt.count("<mark>millennials</mark>") == 2


def test_words_are_never_cut_at_a_block_boundary():
    # A word that straddles where a block would end is matched whole, not as a tail.
    for offset in range(-12, 13):
        lead = "x" * (_BLOCK + offset - 1)
        body = f"{lead} aerospace workers"
        excerpt = highlight(body, terms("aerospace"), "en")
        assert "<mark>aerospace</mark> workers" in excerpt, offset
        assert not re.search(r"\w<mark>", excerpt), offset


def test_accents_are_folded_in_long_texts_too():
    body = f"{filler(3 * _BLOCK)} La educación técnica crece. {filler(100)}"

    excerpt = highlight(body, terms("educacion", "es"), "es")

    assert "<mark>educación</mark> técnica" in excerpt


def test_no_match_gives_the_start_of_the_text():
    body = filler(3 * _BLOCK)

    excerpt = highlight(body, terms("aerospace"), "en")

    assert "<mark>" not in excerpt
    assert body.startswith(excerpt.removesuffix("…"))
