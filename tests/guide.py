"""
The examples of ``docs/api.md``, read as a machine reads them (see the guide's "How to
read the examples"): a fenced ``http`` block with a request, then a fenced ``http``
block with the answer (status line, the headers worth showing, a blank line, JSON).

``compare`` checks an answer against the example shown and returns the answer as the
example would show it (same elisions, the example's ids), so that a mismatch can be
shown as a diff of two texts that differ only where the guide is wrong.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

#: Left out: in a list, the items after those shown; as an object's key, its other
#: fields; as a value, anything; at the end of a string, the rest of the string.
ELIDED = "…"
#: The host the guide's absolute URLs show.
GUIDE_ORIGIN = "https://cms.example.org"

_FENCE = re.compile(r"^```http[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_REQUEST_LINE = re.compile(r"^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/\S*)$")
_STATUS_LINE = re.compile(r"^HTTP/1\.1 (\d{3}) (.+)$")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
#: Query parameters whose values are page ids.
PAGE_ID_PARAMETERS = {"child_of", "descendant_of"}
#: The kinds of object an ``id`` belongs to, by the key the object sits under; each
#: kind is numbered on its own, so each has its own renaming.
ID_KINDS = {
    "image": "image",
    "document": "document",
    "organisation": "organisation",
    "organisations": "organisation",
    "employers": "organisation",
    "partners": "organisation",
    "person": "person",
    "people": "person",
    "themes": "theme",
    "theme": "theme",
}


@dataclass
class Example:
    """One request of the guide and the answer it shows."""

    line: int
    method: str
    target: str
    headers: dict[str, str]
    body: str
    status: int
    reason: str
    answer_headers: dict[str, str]
    answer_text: str

    @property
    def name(self) -> str:
        return f"line {self.line}: {self.method} {self.target}"

    @property
    def answer(self) -> Any:
        return json.loads(self.answer_text) if self.answer_text.strip() else None


def _head_and_body(text: str) -> tuple[list[str], str]:
    head, _, body = text.partition("\n\n")
    return head.strip("\n").splitlines(), body.strip()


def _headers(lines: list[str], line: int) -> dict[str, str]:
    headers = {}
    for header in lines:
        name, sep, value = header.partition(":")
        if not sep:
            raise ValueError(f"docs/api.md line {line}: not a header: {header!r}")
        headers[name.strip()] = value.strip()
    return headers


def parse(markdown: str) -> list[Example]:
    """Every request example of the guide, each with the answer block that follows it."""
    blocks = [
        (markdown.count("\n", 0, match.start()) + 1, match.group(1))
        for match in _FENCE.finditer(markdown)
    ]
    examples, index = [], 0
    while index < len(blocks):
        line, text = blocks[index]
        head, body = _head_and_body(text)
        request = _REQUEST_LINE.match(head[0]) if head else None
        if request is None:
            raise ValueError(
                f"docs/api.md line {line}: an http block starts with a request line "
                f"(`GET /api/v3/…`); an answer block must follow one. Found {head[:1]}"
            )
        if index + 1 >= len(blocks):
            raise ValueError(f"docs/api.md line {line}: the request has no answer block")
        answer_line, answer = blocks[index + 1]
        answer_head, answer_body = _head_and_body(answer)
        status = _STATUS_LINE.match(answer_head[0]) if answer_head else None
        if status is None:
            raise ValueError(
                f"docs/api.md line {answer_line}: an answer block starts with a status line "
                f"(`HTTP/1.1 200 OK`); found {answer_head[:1]}"
            )
        examples.append(
            Example(
                line=line,
                method=request.group(1),
                target=request.group(2),
                headers=_headers(head[1:], line),
                body=body,
                status=int(status.group(1)),
                reason=status.group(2),
                answer_headers=_headers(answer_head[1:], answer_line),
                answer_text=answer_body,
            )
        )
        index += 2
    return examples


@dataclass
class Ids:
    """
    The guide's ids and the answers' ids, kept as a consistent renaming per kind: the
    guide shows the ids of a fresh ``load_demo_content``, the test database may number
    differently, but an id the guide shows twice must be one object both times.
    """

    to_actual: dict[tuple[str, Any], Any] = field(default_factory=dict)
    to_shown: dict[tuple[str, Any], Any] = field(default_factory=dict)

    def match(self, kind: str, shown: Any, actual: Any) -> bool:
        known = self.to_actual.get((kind, shown))
        if known is None and (kind, actual) not in self.to_shown:
            self.to_actual[(kind, shown)] = actual
            self.to_shown[(kind, actual)] = shown
            return True
        return known == actual

    def actual(self, kind: str, shown: Any) -> Any:
        return self.to_actual.get((kind, shown))


def request_target(example: Example, ids: Ids) -> str:
    """The example's path and query, with the guide's page ids in the test's numbering."""

    def page_id(text: str) -> str:
        # An id no earlier answer showed (a 404's) is sent as written.
        actual = ids.actual("page", int(text))
        return text if actual is None else str(actual)

    parts = urlsplit(example.target)
    path = re.sub(r"(?<=/pages/)(\d+)(?=/)", lambda m: page_id(m.group(1)), parts.path)
    query = [
        (key, page_id(value) if key in PAGE_ID_PARAMETERS and value.isdigit() else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return path + (f"?{urlencode(query, safe='/,')}" if query else "")


def _kind(owner: str) -> str:
    if owner.endswith("image") or owner == "images":
        return "image"  # listing_image, hero_image, social_image…
    return ID_KINDS.get(owner, "page")


def _normal_string(value: str) -> str:
    # Where the files are: the test's host, and the suffix storage adds to a file name
    # already taken by an earlier run.
    value = value.replace("http://testserver", GUIDE_ORIGIN)
    return re.sub(r"_[A-Za-z0-9]{7}(?=\.)", "", value)


_DOCUMENT_URL = re.compile(r"(?<=/documents/)(\d+)(?=/)")


def _document_ids(shown: str, actual: str, ids: Ids) -> str:
    """A document's URL names its id: rename it as the ``id`` fields are renamed."""
    pairs = list(zip(_DOCUMENT_URL.findall(shown), _DOCUMENT_URL.findall(actual), strict=False))
    if not pairs or not all(ids.match("document", int(s), int(a)) for s, a in pairs):
        return actual
    renamed = iter(s for s, _ in pairs)
    return _DOCUMENT_URL.sub(lambda m: next(renamed, m.group(1)), actual, count=len(pairs))


def compare(shown: Any, actual: Any, ids: Ids, key: str = "", owner: str = "") -> Any:
    """``actual`` as the guide would show it, given the example ``shown``."""
    if shown == ELIDED:
        return ELIDED
    if isinstance(actual, str):
        actual = _normal_string(actual)
    if isinstance(shown, str) and isinstance(actual, str):
        return _compare_strings(shown, actual, ids, key)
    if key == "id" and isinstance(shown, int) and isinstance(actual, int):
        return shown if ids.match(_kind(owner), shown, actual) else actual
    if isinstance(shown, dict) and isinstance(actual, dict):
        return _compare_objects(shown, actual, ids, key)
    if isinstance(shown, list) and isinstance(actual, list):
        return _compare_lists(shown, actual, ids, key, owner)
    return actual


def _compare_strings(shown: str, actual: str, ids: Ids, key: str) -> str:
    actual = _document_ids(shown, actual, ids)
    if shown.endswith(ELIDED) and actual.startswith(shown[: -len(ELIDED)]):
        return shown
    if key.endswith("_at") and _DATETIME.match(shown) and _DATETIME.match(actual):
        return shown  # when it happened: the time the demo was loaded
    if key == "date" and _DATE.match(shown) and actual == datetime.date.today().isoformat():
        return shown  # a page without a date of its own: the day it was published
    return actual


def _compare_objects(shown: dict, actual: dict, ids: Ids, key: str) -> dict:
    result = {}
    for name, value in shown.items():
        if name != ELIDED and name in actual:
            result[name] = compare(value, actual[name], ids, name, key)
    if ELIDED in shown:
        result[ELIDED] = shown[ELIDED]
    else:
        for name, value in actual.items():
            result.setdefault(name, value)
    return result


def _compare_lists(shown: list, actual: list, ids: Ids, key: str, owner: str) -> list:
    if shown and shown[-1] == ELIDED:
        head = shown[:-1]
        items = [compare(s, a, ids, key, owner) for s, a in zip(head, actual, strict=False)]
        # Fewer items than shown is a difference; any number more is what "…" says.
        return [*items, ELIDED] if len(actual) >= len(head) else items
    return [compare(s, a, ids, key, owner) for s, a in zip(shown, actual, strict=False)] + actual[
        len(shown) :
    ]


def status_line(status: int) -> str:
    return f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"
