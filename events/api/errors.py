"""The API's one error shape, whatever went wrong: unknown path or slug (404), method (405), parameters (422), rate
limit (429), server error (500).

    {"status": 404, "title": "Not found", "detail": "No such event", "errors": []}

`detail` is always a sentence; `errors` lists each invalid parameter (422 only). Every operation documents the
codes it can answer with this schema (schemas.py), and the middleware gives the same body to what ninja answers
before any operation runs (a method it does not serve).
"""

import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/json; charset=utf-8"  # as ninja's successful answers


# RFC 9110's phrases, fixed here: Python's differ between versions (422 became "Unprocessable Content" in 3.13).
TITLES = {422: "Unprocessable Content"}


def error_body(status: int, detail: str, errors: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    title = TITLES.get(status) or HTTPStatus(status).phrase
    return {"status": status, "title": title, "detail": detail, "errors": list(errors)}


def error_response(status: int, detail: str, errors: Iterable[dict[str, Any]] = ()) -> JsonResponse:
    return JsonResponse(error_body(status, detail, errors), status=status, content_type=CONTENT_TYPE)


def _issue(error: dict[str, Any]) -> dict[str, Any]:
    """One invalid parameter: where, what is wrong, and pydantic's error type (ctx and input are left out: they may
    hold values that do not serialise, and input echoes what the client sent)."""
    return {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (three shapes, and an HTML 500) with the one shape."""

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, str(exc))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "Not found")

    def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(422, "Invalid parameters", map(_issue, exc.errors))

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        if settings.DEBUG:
            raise exc
        logger.exception("API error on %s", request.path)
        return error_response(500, "Server error")

    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(ValidationError, on_invalid)
    api.add_exception_handler(Exception, on_exception)
