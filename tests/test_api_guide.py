"""
The guide cannot drift: every example request in ``docs/api.md`` is sent to the API
serving the demo content, and its answer must be the one the guide shows (status,
the headers shown, the JSON), with the guide's elisions (``"…"``), ids and dates
understood as the guide's "How to read the examples" says (``tests/guide.py``).

The examples run in the guide's order in one pass (a later request may use an id an
earlier answer showed); each example is then its own test, so a failure names the line
of the guide and shows the difference as a diff.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase

from tests import guide
from tests.conftest import ContractCheckingClient

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "api.md"
EXAMPLES = guide.parse(GUIDE.read_text())

pytestmark = pytest.mark.django_db


@dataclass
class Outcome:
    """What the API answered to one example, as the guide would show it."""

    status_line: str
    headers: dict[str, str]
    shown: object


def _pretty(value: object) -> list[str]:
    return json.dumps(value, indent=2, ensure_ascii=False).splitlines()


def run(client: ContractCheckingClient, example: guide.Example, ids: guide.Ids) -> Outcome:
    target = guide.request_target(example, ids)
    extra = {
        f"HTTP_{name.upper().replace('-', '_')}": value for name, value in example.headers.items()
    }
    content_type = extra.pop("HTTP_CONTENT_TYPE", "application/octet-stream")
    response = client.generic(
        example.method, target, example.body.encode(), content_type=content_type, **extra
    )
    headers = {}
    for name, value in example.answer_headers.items():
        actual = response.headers.get(name)
        if actual is not None:
            headers[name] = guide.compare(value, actual, ids)
    try:
        actual = json.loads(response.content) if response.content else None
    except ValueError:
        actual = response.content.decode(errors="replace")
    shown = guide.compare(example.answer, actual, ids)
    return Outcome(guide.status_line(response.status_code), headers, shown)


@pytest.fixture(scope="module")
def outcomes(demo) -> dict[str, Outcome]:
    """Send every example in order to the shared demo content, then roll it all back."""
    results = {}
    with transaction.atomic():
        cache.clear()
        client, ids = ContractCheckingClient(), guide.Ids()
        for example in EXAMPLES:
            with TestCase.captureOnCommitCallbacks(execute=True):
                results[example.name] = run(client, example, ids)
        mail.outbox = []
        transaction.set_rollback(True)
    cache.clear()
    return results


def test_the_guide_has_examples_of_every_endpoint():
    targets = {example.target.split("?")[0] for example in EXAMPLES}
    for path in [
        "/api/v3/route/",
        "/api/v3/pages/",
        "/api/v3/pages/find/",
        "/api/v3/navigation/",
        "/api/v3/site/",
        "/api/v3/search/",
        "/api/v3/search/suggest/",
        "/api/v3/search/popular/",
        "/api/v3/preview/",
        "/api/v3/newsletter/subscriptions/",
        "/api/v3/newsletter/confirmations/",
        "/api/v3/newsletter/unsubscriptions/",
    ]:
        assert path in targets, f"docs/api.md has no example of {path}"
    assert any(t.startswith("/api/v3/pages/") and t[14:15].isdigit() for t in targets)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.name)
def test_example_answers_as_the_guide_shows(outcomes, example):
    outcome = outcomes[example.name]
    shown = [f"HTTP/1.1 {example.status} {example.reason}"]
    shown += [f"{name}: {value}" for name, value in example.answer_headers.items()]
    actual = [outcome.status_line]
    actual += [f"{name}: {value}" for name, value in outcome.headers.items()]
    if example.answer_text:
        shown += ["", *_pretty(example.answer)]
        actual += ["", *_pretty(outcome.shown)]
    diff = "\n".join(
        difflib.unified_diff(
            shown, actual, "docs/api.md (shown)", "the API (answered)", lineterm=""
        )
    )
    assert shown == actual, (
        f"docs/api.md {example.name} no longer shows what the API answers. Make the "
        "guide's example true (or fix the API), elisions kept:\n" + diff
    )
