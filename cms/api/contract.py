"""
The API's contract: every answer an operation can give, and every limit the server
enforces, written into the OpenAPI document in one place.

ninja documents what a router declares with ``response=``; the rest of what the server
does happens around the routers: the input guard (``cms.middleware``) refuses NUL
bytes, deep offsets and long searches with a 400 before any router runs, ninja answers
a parameter of the wrong type with a 422, a throttle answers 429, the response cache
answers 304, and any operation may answer 503 while the database or the search index
is away. So this module derives each operation's problems from what is true of it
(its parameters, body, throttles, security, caching) plus the few rules a router keeps
in code (``EXTRA_PROBLEMS``, ``PARAMETER_RULES``), and documents every problem once,
as ``application/problem+json`` with the shared ``Problem`` schema.

A test client checks every response in the test suite against the result, and the
fuzzing gate (``bin/fuzz``) checks the server against it from outside.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from ninja import NinjaAPI

from newsletter.services import TOKEN_PATTERN

from .errors import PROBLEM_JSON
from .params import MAX_OFFSET, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, MAX_VALUES

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document, the body of every error the API answers.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`: see `status`."},
        "title": {"type": "string", "description": "The status's reason phrase."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What was wrong, for a person."},
        "errors": {
            "type": "array",
            "description": "For 400 and 422: each parameter or field that was wrong.",
            "items": {"type": "object", "additionalProperties": True},
        },
    },
}
#: Schemas the routers declared for their errors before there was one shared schema.
OLD_PROBLEM_SCHEMAS = ("NewsletterProblem", "ProblemDetail")

#: The longest request line the server reads (gunicorn's ``limit_request_line``).
MAX_REQUEST_LINE = 8190
#: The ceiling the input guard puts on ``limit`` on every path.
GUARD_MAX_LIMIT = 1000
#: Searches: the guard's length cap, and the word cap written as a pattern. Words are
#: split on whitespace as Python's ``str.split()`` does, so the pattern names the same
#: characters; NUL is refused everywhere.
_SPACE = (
    r"\t\n\u000b\u000c\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WORD = rf"[^{_SPACE}\u0000]+"
_GAP = rf"[{_SPACE}]+"
NO_NUL_PATTERN = r"^[^\u0000]*$"
SEARCH_PATTERN = (
    rf"^[{_SPACE}]*(?:{_WORD}{_GAP}){{0,{MAX_QUERY_TERMS - 1}}}(?:{_WORD})?[{_SPACE}]*$"
)
REQUIRED_SEARCH_PATTERN = (
    rf"^[{_SPACE}]*(?:{_WORD}{_GAP}){{0,{MAX_QUERY_TERMS - 1}}}{_WORD}[{_SPACE}]*$"
)
SEARCH_DESCRIPTION = (
    f" At most {MAX_QUERY_LENGTH} characters and {MAX_QUERY_TERMS} words (400 beyond)."
)

DESCRIPTIONS = {
    304: "Not modified: the `ETag` sent in `If-None-Match` is still current.",
    400: (
        "A parameter the operation does not take, a NUL byte, an `offset` beyond "
        f"{MAX_OFFSET:,}, a search over {MAX_QUERY_LENGTH} characters or "
        f"{MAX_QUERY_TERMS} words, a parameter given more than {MAX_VALUES} times, or a "
        "value the operation refuses; `detail` says which."
    ),
    401: "A bearer token is missing or not valid.",
    403: "The credentials do not allow this.",
    404: "Not found.",
    410: "Gone.",
    413: "The request body is too large.",
    414: (
        f"The request line (method, path and query) is over {MAX_REQUEST_LINE:,} bytes; "
        "every request this document allows is shorter."
    ),
    415: "The request body is not `application/json`.",
    422: "A parameter or field of the wrong type or out of range; `errors` says where.",
    429: "Too many requests from this client; wait for `Retry-After` seconds.",
    500: "An unexpected error (a bug); it has been logged.",
    503: (
        "A service the answer needs (the database, the search index) is unavailable; "
        "retry after `Retry-After` seconds."
    ),
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}

#: Problems an operation answers that nothing about its declaration reveals.
EXTRA_PROBLEMS: dict[str, dict[int, str]] = {
    "pages_list": {
        404: "`child_of` or `descendant_of` is not the id of a live, public page.",
    },
    "indicators_list": {
        404: "`initiative` or `report` is not the id of a live initiative or report, or "
        "`geography` the slug of a geography.",
    },
    **{
        operation: {404: "No indicator has `slug`, or no geography a `geography` given."}
        for operation in ("indicators_detail", "indicators_data_csv", "indicators_data_json")
    },
}

#: Rules a router keeps in code, written into its parameters' schemas here.
PARAMETER_RULES: dict[str, dict[str, dict[str, Any]]] = {
    # A token is what ``django.core.signing`` makes (URL-safe base64, ``.`` and ``:``,
    # about 70 characters): anything else is refused as forged (403). Stating so keeps
    # every allowed token, percent-encoded, within the request line.
    "preview": {"token": {"schema": {"maxLength": 1024, "pattern": r"^[A-Za-z0-9_.:-]+$"}}},
    "search": {
        "q": {"required": True, "schema": {"minLength": 1, "pattern": REQUIRED_SEARCH_PATTERN}},
        **{
            name: {"schema": {"items": {"minimum": 1, "maximum": 2**31 - 1}}}
            for name in ("theme", "industry", "initiative", "year")
        },
    },
}

#: Request bodies' fields: rules the services keep in code (newsletter tokens are
#: ``secrets.token_urlsafe`` values; anything else is "malformed", a 400).
BODY_FIELD_RULES: dict[str, dict[str, dict[str, Any]]] = {
    "NewsletterTokenIn": {
        "token": {"pattern": f"^{TOKEN_PATTERN.pattern}$", "minLength": 32, "maxLength": 64},
    },
}


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def complete_contract(api: NinjaAPI, schema: dict[str, Any]) -> dict[str, Any]:
    """Document every operation's problems and limits in ``schema`` (in place)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    throttled, cached = _operation_traits(api)
    for path, method, operation in operations(schema):
        operation_id = operation.get("operationId", "")
        for parameter in operation.get("parameters", []):
            _limit_parameter(operation_id, parameter)
        statuses = _problems(operation, method, operation_id in throttled)
        if "{" in path and 404 not in statuses:
            statuses[404] = DESCRIPTIONS[404]  # whatever the path names may not exist
        _document_responses(
            operation, statuses, not_modified=operation_id in cached and method == "get"
        )
    for name, fields in BODY_FIELD_RULES.items():
        for field, rules in fields.items():
            target = components.get(name, {}).get("properties", {}).get(field)
            if target is not None:
                target.update(rules)
    for name in OLD_PROBLEM_SCHEMAS:
        components.pop(name, None)
    return schema


def _document_responses(
    operation: dict[str, Any], statuses: dict[int, str], *, not_modified: bool
) -> None:
    """Each problem status (and a 304 for cached reads) among the operation's responses."""
    # ninja keeps integer keys from ``openapi_extra``; JSON has strings.
    responses = {str(status): value for status, value in operation["responses"].items()}
    for status, text in statuses.items():
        declared = responses.get(str(status), {})
        description = declared.get("description", "")
        if not description or description in {"Not Found", "Forbidden", "Gone", "OK"}:
            description = text
        responses[str(status)] = {
            "description": description,
            "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}},
        }
        if status in (429, 503):
            responses[str(status)]["headers"] = copy.deepcopy(RETRY_AFTER)
    if not_modified:
        responses["304"] = {"description": DESCRIPTIONS[304]}
    operation["responses"] = dict(sorted(responses.items(), key=lambda item: item[0]))


def _problems(operation: dict[str, Any], method: str, throttled: bool) -> dict[int, str]:
    """Each problem status the operation can answer, with what it means there."""
    declared = {int(s) for s in operation["responses"] if str(s).isdigit() and int(s) >= 400}
    statuses = dict.fromkeys(declared, "")
    statuses[400] = ""
    statuses[414] = ""
    statuses[500] = ""
    statuses[503] = ""
    if operation.get("parameters") or operation.get("requestBody"):
        statuses[422] = ""
    if operation.get("requestBody"):
        statuses[413] = ""
        statuses[415] = ""
    if throttled:
        statuses[429] = ""
    if any(requirement for requirement in operation.get("security", [])):
        statuses[401] = ""
        statuses[403] = ""
    statuses.update(EXTRA_PROBLEMS.get(operation.get("operationId", ""), {}))
    return {status: text or DESCRIPTIONS[status] for status, text in sorted(statuses.items())}


def _limit_parameter(operation_id: str, parameter: dict[str, Any]) -> None:
    """Write the guard's limits (and the router's own rules) into one parameter."""
    schema = parameter.setdefault("schema", {})
    name = parameter["name"]
    _guard_limits(parameter, schema)
    _apply_rules(parameter, schema, PARAMETER_RULES.get(operation_id, {}).get(name, {}))
    if parameter.get("required"):
        schema.pop("default", None)


def _guard_limits(parameter: dict[str, Any], schema: dict[str, Any]) -> None:
    """What the guard (``cms.middleware``) refuses, as the parameter's schema."""
    name = parameter["name"]
    if name in ("q", "search"):
        schema["maxLength"] = min(schema.get("maxLength", MAX_QUERY_LENGTH), MAX_QUERY_LENGTH)
        schema["pattern"] = SEARCH_PATTERN
        parameter["description"] = (parameter.get("description", "") + SEARCH_DESCRIPTION).strip()
    elif name == "offset":
        schema["maximum"] = min(schema.get("maximum", MAX_OFFSET), MAX_OFFSET)
    elif name == "limit":
        schema["maximum"] = min(schema.get("maximum", GUARD_MAX_LIMIT), GUARD_MAX_LIMIT)
    # The guard refuses NUL in any value: say so of every string the parameter may be,
    # an optional one (``anyOf`` with null) and a list's items included.
    for target in (schema, schema.get("items", {}), *schema.get("anyOf", [])):
        if target.get("type") == "string" and "enum" not in target and "pattern" not in target:
            target["pattern"] = NO_NUL_PATTERN
    for target in (schema, *schema.get("anyOf", [])):
        if target.get("type") == "array":
            target["maxItems"] = min(target.get("maxItems", MAX_VALUES), MAX_VALUES)


def _apply_rules(parameter: dict[str, Any], schema: dict[str, Any], rules: dict[str, Any]) -> None:
    """A router's own rules for the parameter (``PARAMETER_RULES``)."""
    for key, value in rules.items():
        if key == "schema":
            for field, rule in value.items():
                if isinstance(rule, dict):
                    schema.setdefault(field, {}).update(rule)
                else:
                    schema[field] = rule
        else:
            parameter[key] = value


def _operation_traits(api: NinjaAPI) -> tuple[set[str], set[str]]:
    """Operation ids with a throttle, and those answered through the response cache."""
    throttled: set[str] = set()
    cached: set[str] = set()
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
                if operation.throttle_objects:
                    throttled.add(operation_id)
                if "cached_response" in operation.view_func.__code__.co_names:
                    cached.add(operation_id)
    return throttled, cached
