from collections import OrderedDict
from datetime import date

from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from events import selectors, services
from events.documents import DocumentKind, Paper, available_kinds, kit_parts, programme_days, sorted_people
from events.models import Event, KitEdition, Organisation, Publication, Remark, RenderedDocument
from speakers.models import Participation


def _can_preview(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events = list(selectors.event_list_public())
    upcoming = [e for e in events if e.end_date and e.end_date >= today]
    past_by_year: OrderedDict[int | None, list[Event]] = OrderedDict()
    for event in events:
        if event not in upcoming:
            past_by_year.setdefault(event.year, []).append(event)
    return render(request, "events/home.html", {"upcoming": upcoming[::-1], "past_by_year": past_by_year})


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request))
    people = sorted_people(p for p in event.participations.all() if p.session_id is None)
    context = {
        "event": event,
        "people": people,
        "days": programme_days(event),
        "organisers": event.event_organisations.all(),
        "contacts": [c for c in event.contacts.all() if c.document == "kit"],
        "documents": available_kinds(event),
        "editions": event.kit_editions.select_related("document").order_by("-number") if event.is_published else [],
        "parent_visible": event.parent is not None and (event.parent.is_published or _can_preview(request)),
        "has_proceedings": hasattr(event, "proceedings"),
        "kit_parts": kit_parts(event),
    }
    return render(request, "events/event_detail.html", context)


@require_safe
def proceedings_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request))
    proceedings = selectors.proceedings_get(event=event)
    if proceedings is None:
        raise Http404("No proceedings for this event")
    participants = sorted_people(p for p in event.participations.all() if p.session_id is None)
    contacts = [c for c in event.contacts.all() if c.document == "proceedings"]
    return render(
        request,
        "events/proceedings_detail.html",
        {"event": event, "proceedings": proceedings, "participants": participants, "contacts": contacts},
    )


@require_safe
def remark_detail(request: HttpRequest, event_slug: str, slug: str) -> HttpResponse:
    events = selectors.event_queryset_public(include_drafts=_can_preview(request))
    remark = get_object_or_404(
        Remark.objects.select_related("event", "speaker").filter(event__in=events), event__slug=event_slug, slug=slug
    )
    return render(request, "events/remark_detail.html", {"remark": remark, "event": remark.event})


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("social_handles", "aliases"), slug=slug)
    roles = (
        organisation.event_roles.filter(event__status=Event.Status.PUBLISHED)
        .select_related("event")
        .order_by("-event__start_date")
    )
    people = (
        Participation.objects.filter(organisation=organisation, event__status=Event.Status.PUBLISHED)
        .select_related("person", "event")
        .order_by("-event__start_date", "order")
    )
    publications = selectors.publication_queryset_public().filter(publisher=organisation)
    if not roles and not people and not publications and not _can_preview(request):
        raise Http404("This organisation has no published activity")
    return render(
        request,
        "events/organisation_detail.html",
        {"organisation": organisation, "roles": roles, "people": people, "publications": publications},
    )


@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publications = Publication.objects.all() if _can_preview(request) else selectors.publication_queryset_public()
    publication = get_object_or_404(
        publications.select_related("publisher").prefetch_related(
            "sections",
            "footnotes",
            "contacts__person",
            Prefetch("sources__event"),
            Prefetch("cited_events", queryset=selectors.event_queryset_public()),
        ),
        slug=slug,
    )
    return render(request, "events/publication_detail.html", {"publication": publication})


def _serve_pdf(request: HttpRequest, document: RenderedDocument, filename: str) -> HttpResponse:
    etag = quote_etag(document.sha256)
    last_modified = http_date(document.created_at.timestamp())
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(document.file.open("rb"), content_type="application/pdf", filename=filename)
        response["Content-Length"] = document.size
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", Paper.A4)
    if paper not in Paper.values:
        raise BadRequest("paper must be a4 or letter")
    return paper


@require_safe
def document_download(request: HttpRequest, slug: str, kind: str, include_drafts: bool = False) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=include_drafts)
    if kind not in available_kinds(event):
        raise Http404("This event has no such document")
    document = services.document_get_or_render(event=event, kind=kind, paper=_paper(request))
    year = event.year or date.today().year
    return _serve_pdf(request, document, f"{event.slug}-{DocumentKind(kind).value}-{year}.pdf")


@require_safe
def kit_edition_download(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    edition = get_object_or_404(
        KitEdition.objects.select_related("document", "event").filter(event__status=Event.Status.PUBLISHED),
        event__slug=slug,
        number=number,
    )
    return _serve_pdf(request, edition.document, f"{slug}-kit-edition-{number}.pdf")
