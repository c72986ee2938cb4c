"""The frab / c3voc schedule of an event, schedule.xml and schedule.json (built in events/frab.py)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from events import frab, selectors
from events.models import Event

XML_CONTENT_TYPE = "application/vnd.c3voc.schedule+xml; charset=utf-8"


def _event(request: HttpRequest, slug: str) -> Event:
    """Published events, and drafts too for staff; Http404 otherwise."""
    return selectors.event_get_for_document(slug=slug, include_drafts=request.user.is_staff)


@require_safe
def schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    data = frab.schedule_xml(_event(request, slug), request.build_absolute_uri)
    return HttpResponse(data, content_type=XML_CONTENT_TYPE)


@require_safe
def schedule_json(request: HttpRequest, slug: str) -> HttpResponse:
    data = frab.schedule_dict(_event(request, slug), request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
