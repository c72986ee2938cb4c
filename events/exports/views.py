from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from events import selectors
from events.exports import citations, frab, ical
from events.models import Event, Proceedings
from events.views import _can_preview
from speakers.models import Participation

CITATION_FORMATS = ("bib", "json")

XML_CONTENT_TYPE = "application/vnd.c3voc.schedule+xml; charset=utf-8"


def _citation_response(csl: dict, fmt: str, filename: str) -> HttpResponse:
    if fmt == "bib":
        response = HttpResponse(citations.to_bibtex(csl), content_type="application/x-bibtex; charset=utf-8")
    else:
        response = JsonResponse([csl], safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Type"] = "application/vnd.citationstyles.csl+json"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def publication_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in CITATION_FORMATS:
        raise Http404("Citations come as .bib or .json")
    publication = get_object_or_404(selectors.publication_queryset_public().select_related("publisher"), slug=slug)
    return _citation_response(citations.publication_csl(publication, request.build_absolute_uri), fmt, slug)


@require_safe
def proceedings_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in CITATION_FORMATS:
        raise Http404("Citations come as .bib or .json")
    event = selectors.event_get_for_document(slug=slug)
    proceedings = get_object_or_404(Proceedings.objects.select_related("event"), event=event)
    proceedings.event = event  # the prefetched one, with its organisers
    csl = citations.proceedings_csl(proceedings, request.build_absolute_uri)
    return _citation_response(csl, fmt, f"{slug}-proceedings")


def _ical_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request))
    return _ical_response(ical.event_ical(event, request.build_absolute_uri), f"{event.slug}.ics")


@require_safe
def events_ical(request: HttpRequest) -> HttpResponse:
    events = (
        selectors.event_queryset_public()
        .select_related("venue", "room")
        .prefetch_related(Prefetch("participations", queryset=Participation.objects.select_related("person")))
    )
    return _ical_response(ical.events_ical(events, request.build_absolute_uri), "eventsite.ics")


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
