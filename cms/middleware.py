"""Project middleware."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csp import (
    ContentSecurityPolicyMiddleware as DjangoContentSecurityPolicyMiddleware,
)


class ApiHeadMiddleware:
    """
    Answer HEAD on the API as GET without the body, so every read endpoint supports
    it with the same headers (ETag, Cache-Control, Content-Length) and without a
    second operation per path in the OpenAPI document.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not request.path.startswith("/api/"):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class ApiInputGuardMiddleware:
    """
    Refuse, with a 400 problem, query strings that no API endpoint can answer and
    that would otherwise reach the database: NUL bytes, offsets and limits beyond
    any page of results, searches longer than a person types, and a parameter
    repeated more often than any filter needs.

    The project's own endpoints validate their parameters precisely; this guard also
    covers every endpoint at once, so the OpenAPI document states its limits for all of
    them (``cms.api.contract``, which reads the same constants).

    It also keeps every answer under /api/ a problem document, as the contract says:
    a method a path does not take gets a 405 problem with ``Allow`` (OPTIONS, TRACE and
    unknown methods included; a CORS preflight never gets here, django-cors-headers
    answers it first), a path no endpoint serves gets a 404 problem, and an error page
    Django itself would render (an uncaught exception's 500) is answered as a problem.
    """

    MAX_OFFSET = 100_000
    MAX_LIMIT = 1000
    #: Served by ninja as plain Django views, which would take any method.
    DOCUMENT_PATHS = frozenset({"/api/v3/openapi.json", "/api/v3/docs/"})
    #: Headers a refined error keeps from the answer it replaces.
    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        from cms.api.errors import problem_response

        if not self.is_routed(request.path_info):
            return problem_response(404, f"The API has no endpoint at {request.path_info}.")
        if request.path_info in self.DOCUMENT_PATHS and request.method not in ("GET", "HEAD"):
            return self.not_allowed(["GET"])
        problem = self.check(request)
        if problem:
            return problem_response(400, problem)
        return self.as_problem(self.get_response(request))

    @staticmethod
    def is_routed(path: str) -> bool:
        """Whether the API serves ``path`` (or ``path/``, to which Django redirects)."""
        from django.urls import Resolver404, resolve

        for candidate in (path, path if path.endswith("/") else f"{path}/"):
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            return match.namespace == "wagtailapi_v3"
        return False

    def not_allowed(self, methods: list[str]) -> HttpResponse:
        from cms.api.errors import problem_response

        allowed = sorted({m.upper() for m in methods} | ({"HEAD"} if "GET" in methods else set()))
        response = problem_response(405, f"This path takes {', '.join(allowed)} only.")
        response["Allow"] = ", ".join(allowed)
        return response

    def as_problem(self, response: HttpResponse) -> HttpResponse:
        """An error that is not already a problem document, as one of the same status."""
        from cms.api.errors import PROBLEM_JSON, problem_response

        if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_JSON):
            return response
        if response.status_code == 405:
            return self.not_allowed(
                [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            )
        refined = problem_response(response.status_code)
        for header in self.KEPT_HEADERS:
            if header in response:
                refined[header] = response[header]
        return refined

    def check(self, request: HttpRequest) -> str | None:
        from cms.api.params import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, MAX_VALUES

        if "\x00" in request.path:
            return "The path may not contain NUL characters."
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return "Query parameters may not contain NUL characters."
            if len(values) > MAX_VALUES:
                return f"{name} may be given at most {MAX_VALUES} times."
        for name, ceiling in (("offset", self.MAX_OFFSET), ("limit", self.MAX_LIMIT)):
            value = request.GET.get(name)
            if value is not None and value.strip().isdigit() and int(value) > ceiling:
                return f"{name} may be at most {ceiling}."
        for name in ("search", "q"):
            value = request.GET.get(name)
            if value and (len(value) > MAX_QUERY_LENGTH or len(value.split()) > MAX_QUERY_TERMS):
                return (
                    f"{name} may be at most {MAX_QUERY_LENGTH} characters and "
                    f"{MAX_QUERY_TERMS} words long."
                )
        return None


class ApiCacheMiddleware:
    """
    Answer a read from the API's response cache before sessions, authentication, URL
    resolution and parameter parsing run: a cached response is only ever stored for a
    request that passed all of them, and is only served while everything it was built
    from is unchanged (see ``cms.api.cache``).

    Search is left out: it records each query for the popular-searches report.
    On the way out, API answers lose the ``Vary: Accept-Language`` that
    LocaleMiddleware adds, which they do not depend on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from cms.api.cache import cached_hit
        from cms.api.fastpath import PATHS

        if request.method == "GET" and PATHS.match(request.path_info):
            response = cached_hit(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            # API answers do not depend on Accept-Language (the language is in the path or
            # a parameter); LocaleMiddleware's Vary would split every CDN cache entry.
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            kept = [v for v in vary if v.lower() != "accept-language"]
            if kept != vary:
                response["Vary"] = ", ".join(kept)
            if "Content-Language" in response:
                del response["Content-Language"]
        return response


class ContentSecurityPolicyMiddleware(DjangoContentSecurityPolicyMiddleware):
    """
    Django's CSP middleware (``SECURE_CSP``, the admin's policy), with the API's own
    policies: ``API_CSP`` (nothing may load, nothing may frame) on every API answer,
    ``API_DOCS_CSP`` on the Swagger UI page. Early in ``MIDDLEWARE``, so an answer
    the API cache serves carries the header too, and the cache stores it with the
    entry (the WSGI fast path replays it).
    """

    DOCS_PATH = "/api/v3/docs/"

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        from django.conf import settings

        if request.path_info.startswith("/api/") and not hasattr(response, "_csp_config"):
            docs = request.path_info == self.DOCS_PATH
            # Django's own per-response override (what ``csp_override`` sets); private, so
            # not in django-stubs.
            response._csp_config = settings.API_DOCS_CSP if docs else settings.API_CSP  # type: ignore[attr-defined]
        return super().process_response(request, response)
