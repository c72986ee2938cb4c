from collections import OrderedDict
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from events import selectors
from events.documents.content import available_kinds
from events.exports import citations, jsonld
from events.forms import SearchForm
from events.models import Event, Organisation, Publication, Remark
from events.programme import programme_days, sorted_people
from speakers.models import Participation


def _can_preview(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff


HOME_YEARS = 3  # past years shown on the home page; older ones are in the yearly archive


def _by_year(events: list[Event], today) -> tuple[list[Event], OrderedDict]:
    upcoming = [e for e in events if e.end_date and e.end_date >= today]
    past_by_year: OrderedDict[int | None, list[Event]] = OrderedDict()
    for event in events:
        if event not in upcoming:
            past_by_year.setdefault(event.year, []).append(event)
    return upcoming[::-1], past_by_year


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    all_years = selectors.search_years()
    recent = [year for year in all_years if year <= today.year][:HOME_YEARS]
    events = list(selectors.event_list_public(years=recent, upcoming_from=today))
    upcoming, past_by_year = _by_year(events, today)
    archive = [year for year in all_years if year not in past_by_year and year <= today.year]
    return render(request, "events/home.html", {"upcoming": upcoming, "past_by_year": past_by_year, "archive": archive})


@require_safe
def year_archive(request: HttpRequest, year: int) -> HttpResponse:
    events = list(selectors.event_list_public(years=[year]))
    if not events:
        raise Http404("No events that year")
    _upcoming, past_by_year = _by_year(events, date.max)  # an archive lists every event under its year
    return render(request, "events/home.html", {"year": year, "past_by_year": past_by_year, "archive": []})


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request), with_kit=False)
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
        "jsonld": jsonld.event_jsonld(event, request.build_absolute_uri),
    }
    return render(request, "events/event_detail.html", context)


@require_safe
def proceedings_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request), with_kit=False)
    proceedings = selectors.proceedings_get(event=event)
    if proceedings is None:
        raise Http404("No proceedings for this event")
    participants = sorted_people(p for p in event.participations.all() if p.session_id is None)
    contacts = [c for c in event.contacts.all() if c.document == "proceedings"]
    proceedings.event = event  # the prefetched one, with its organisers and venue
    csl = citations.proceedings_csl(proceedings, request.build_absolute_uri)
    return render(
        request,
        "events/proceedings_detail.html",
        {
            "event": event,
            "proceedings": proceedings,
            "participants": participants,
            "contacts": contacts,
            "citation_tags": citations.highwire_tags(csl),
        },
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
    csl = citations.publication_csl(publication, request.build_absolute_uri)
    return render(
        request,
        "events/publication_detail.html",
        {"publication": publication, "citation_tags": citations.highwire_tags(csl)},
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(
        request.GET or None, years=selectors.search_years(), organisations=selectors.organisation_list_public()
    )
    hits: list = []
    if form.is_bound and form.is_valid():
        hits = selectors.search(**form.cleaned_data)
    page = Paginator(hits, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/search.html", {"form": form, "page": page, "query": query.urlencode()})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
