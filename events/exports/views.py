"""Downloads in open formats: iCalendar, the frab schedule, citations.

Per-event URLs show what the visitor may see (events.visibility: published events, and drafts only to those who may
edit them); the feed of all events and the publications' citations are public content only. Each loads what it
prints through a lean selector, never the document selector with its kit.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from events import selectors
from events.exports import citations, frab, ical
from events.models import Event
from events.programme import ProgrammeChanges, programme_changes
from events.visibility import publications_public

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


def _check_format(fmt: str) -> None:
    if fmt not in CITATION_FORMATS:
        raise Http404("Citations come as .bib or .json")


@require_safe
def publication_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    publication = get_object_or_404(publications_public().select_related("publisher"), slug=slug)
    return _citation_response(citations.publication_csl(publication, request.build_absolute_uri), fmt, slug)


@require_safe
def proceedings_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    proceedings = selectors.proceedings_get_for_citation(slug=slug, user=request.user)
    csl = citations.proceedings_csl(proceedings, request.build_absolute_uri)
    return _citation_response(csl, fmt, f"{slug}-proceedings")


def _ical_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _changes(event: Event) -> ProgrammeChanges:
    """The public changes of the event's programme (none for a draft preview): SEQUENCE, LAST-MODIFIED, version."""
    return programme_changes(event, selectors.programme_history_get(event=event))


@require_safe
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_feed(slug=slug, user=request.user)
    data = ical.event_ical(event, request.build_absolute_uri, _changes(event))
    return _ical_response(data, f"{event.slug}.ics")


@require_safe
def session_ical(request: HttpRequest, slug: str, session: str) -> HttpResponse:
    """One public session's calendar entry ("add to my calendar"); 404 for a session of a draft, even to editors:
    a personal calendar keeps what it imports, so only what is public goes there."""
    found = selectors.session_get_for_feed(event_slug=slug, slug=session)
    # Only this session's own changes count, so the other sessions and side events need not be loaded.
    changes = programme_changes(found.event, selectors.programme_history_get(event=found.event), side_events_shown=[])
    return _ical_response(ical.session_ical(found, request.build_absolute_uri, changes), f"{slug}-{session}.ics")


@require_safe
def events_ical(request: HttpRequest) -> HttpResponse:
    events = list(selectors.event_list_for_feed())
    histories = selectors.event_list_history_get(events=events)
    changes = {
        pk: programme_changes(e, histories[pk], side_events_shown=[]) for e in events if (pk := e.pk) in histories
    }
    return _ical_response(ical.events_ical(events, request.build_absolute_uri, changes), "eventsite.ics")


@require_safe
def schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_feed(slug=slug, user=request.user)
    data = frab.schedule_xml(event, request.build_absolute_uri, changes=_changes(event))
    return HttpResponse(data, content_type=XML_CONTENT_TYPE)


@require_safe
def schedule_json(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_feed(slug=slug, user=request.user)
    data = frab.schedule_dict(event, request.build_absolute_uri, changes=_changes(event))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
