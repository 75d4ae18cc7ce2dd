"""Project middleware."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
    any page of results, and searches longer than a person types.

    The project's own endpoints validate their parameters precisely; this guard also
    covers the endpoints Wagtail's API v3 provides (documents, images, snippets…),
    some of which answer such input with a 500.
    """

    MAX_OFFSET = 100_000
    MAX_LIMIT = 1000

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            problem = self.check(request)
            if problem:
                from cms.api.errors import problem_response

                return problem_response(400, problem)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> str | None:
        from cms.api.params import MAX_QUERY_LENGTH, MAX_QUERY_TERMS

        if "\x00" in request.path:
            return "The path may not contain NUL characters."
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return "Query parameters may not contain NUL characters."
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
