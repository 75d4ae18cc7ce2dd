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
