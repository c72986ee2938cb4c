"""OPTIONS and HEAD on the read-only URLs (settings.CORS_URLS_REGEX: the API and the feeds), and the API's JSON 405.

The views serve GET (the feeds' `require_safe` also HEAD); a partner's client or a link checker also sends OPTIONS
(without CORS preflight headers, which django-cors-headers answers first) and HEAD. Here OPTIONS is answered with the
methods allowed, HEAD on the API is served as GET (the server sends the headers only), and a 405 from the API gets
the API's one error shape instead of ninja's text.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from events.api.errors import error_response

ALLOWED = "GET, HEAD, OPTIONS"
API_PREFIX = "/api/"


class ReadOnlyMethodsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.read_only = re.compile(settings.CORS_URLS_REGEX)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.read_only.match(request.path_info):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]  # no body
            response["Allow"] = ALLOWED
            return response
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # ninja routes GET only; the answer to a HEAD is sent without its body
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        if response.status_code == 405:
            json = error_response(405, f"Method {request.method} not allowed: this API is read-only")
            json["Allow"] = ALLOWED
            return json
        return response
