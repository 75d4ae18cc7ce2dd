"""
Validate API responses against the API's own OpenAPI document.

Every response the test client receives from /api/v3/ goes through
``check_response``: its status and content type must be documented for the operation,
its body must match the documented schema, and any error must be an
``application/problem+json`` document. So a serialiser or an error that drifts from the
published contract fails whichever test happened to call it.
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


def _media_type(response) -> str:
    return response.get("Content-Type", "").split(";", 1)[0].strip()


def _check_problem(method: str, path: str, response, content_type: str) -> None:
    """An error is a problem document (RFC 9457), whatever the operation."""
    status = response.status_code
    assert content_type == "application/problem+json", (
        f"{method} {path} answered {status} with {content_type}: {response.content[:300]!r}"
    )
    if method != "HEAD":
        errors = sorted(
            Draft202012Validator(PROBLEM_SCHEMA).iter_errors(json.loads(response.content)),
            key=str,
        )
        assert not errors, f"{method} {path}: not a problem document: {errors[0].message}"


def check_response(method: str, path: str, response) -> None:
    """
    Fail unless ``response`` is what the OpenAPI document says ``method path`` answers:
    a documented status, a documented content type, and a body matching the schema.
    """
    if not path.startswith("/api/v3/"):
        return
    status = response.status_code
    content_type = _media_type(response)
    if status >= 400:
        _check_problem(method, path, response, content_type)
    if path.endswith(("/openapi.json", "/docs/")):
        return  # the document and its viewer: not operations of the API
    if method == "OPTIONS" and status == 200 and "Access-Control-Allow-Methods" in response:
        return  # a CORS preflight, answered by django-cors-headers
    operation = find_operation("GET" if method == "HEAD" else method, path)
    if operation is None:
        # Not an operation: only "no endpoint here" or "not this method" may answer.
        assert status in (404, 405), f"{method} {path} is not in the OpenAPI document ({status})"
        if status == 405:
            assert response.get("Allow"), f"{method} {path}: a 405 without Allow"
        return
    documented = operation["responses"].get(str(status))
    assert documented is not None, (
        f"{method} {path}: status {status} is undocumented "
        f"(documented: {', '.join(operation['responses'])})"
    )
    content = documented.get("content", {})
    if status == 304 or method == "HEAD":
        return
    assert content_type in content, (
        f"{method} {path}: {status} answered as {content_type}, documented as "
        f"{', '.join(content) or 'no body'}"
    )
    schema = content[content_type].get("schema")
    if schema is None or schema.get("format") == "binary":
        return  # a download: a file, not a document (and maybe streamed)
    body = json.loads(response.content)
    errors = sorted(_validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path)
        raise AssertionError(
            f"{method} {path}: response does not match OpenAPI at {where}: {first.message}"
        )
