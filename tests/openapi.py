"""
Validate API responses against the API's own OpenAPI document.

Every response the test client receives from /api/v3/ goes through
``check_response``: a documented success must match its schema exactly, and any
error must be an ``application/problem+json`` document. So a serialiser that drifts
from the published contract fails whichever test happened to call it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array"},
    },
}


@cache
def openapi_document() -> dict[str, Any]:
    from django.test import Client

    response = Client().get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


@cache
def _path_patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for template in openapi_document()["paths"]:
        regex = re.sub(r"\{[^}]+\}", r"[^/]+", template)
        patterns.append((re.compile(f"^{regex}$"), template))
    # Literal segments before parameters: /pages/find/ must win over /pages/{page_id}/.
    patterns.sort(key=lambda item: item[1].count("{"))
    return patterns


def find_operation(method: str, path: str) -> dict[str, Any] | None:
    for pattern, template in _path_patterns():
        if pattern.match(path):
            return openapi_document()["paths"][template].get(method.lower())
    return None


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    root = {**schema, "components": openapi_document().get("components", {})}
    return Draft202012Validator(root)


def check_response(method: str, path: str, response) -> None:
    if not path.startswith("/api/v3/") or path.endswith(("openapi.json", "/docs/")):
        return
    if method in {"HEAD", "OPTIONS"} or response.status_code in {204, 304}:
        return
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400:
        assert content_type.startswith("application/problem+json"), (
            f"{method} {path} answered {response.status_code} with {content_type}: "
            f"{response.content[:300]!r}"
        )
        errors = sorted(
            Draft202012Validator(PROBLEM_SCHEMA).iter_errors(json.loads(response.content)), key=str
        )
        assert not errors, f"{method} {path}: not a problem document: {errors[0].message}"
        return
    operation = find_operation(method, path)
    assert operation is not None, f"{method} {path} is not in the OpenAPI document"
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {path}: status {response.status_code} is undocumented"
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    body = json.loads(response.content)
    errors = sorted(_validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path)
        raise AssertionError(
            f"{method} {path}: response does not match OpenAPI at {where}: {first.message}"
        )
