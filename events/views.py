from collections import OrderedDict
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import citations, exports, selectors, services
from events.documents import DocumentKind, Paper, available_kinds, programme_days, sorted_people
from events.forms import RegistrationForm, SearchForm
from events.models import Event, KitEdition, Organisation, Proceedings, Publication, Remark, RenderedDocument
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
        "jsonld": exports.event_jsonld(event, request.build_absolute_uri),
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


CITATION_FORMATS = ("bib", "json")


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


def _serve_pdf(request: HttpRequest, document: RenderedDocument, filename: str) -> HttpResponse:
    etag = quote_etag(document.sha256)
    last_modified = int(document.created_at.timestamp())
    # If-None-Match and If-Modified-Since, with Django's own precedence rules.
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            document.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename
        )
        response["Content-Length"] = document.size
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
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
    if kind not in DocumentKind.values:
        raise Http404("No such document")
    document = services.document_current(
        slug=slug, kind=kind, paper=_paper(request), include_drafts=include_drafts, render=settings.RENDER_IN_REQUEST
    )
    if document is None:
        response = render(request, "events/document_pending.html", {"slug": slug, "kind": kind}, status=202)
        response["Retry-After"] = "5"
        return response
    return _serve_pdf(request, document, f"{slug}-{kind}-{document.event.year or 'undated'}.pdf")


@require_safe
def kit_edition_download(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    edition = get_object_or_404(
        KitEdition.objects.select_related("document", "event").filter(event__status=Event.Status.PUBLISHED),
        event__slug=slug,
        number=number,
    )
    return _serve_pdf(request, edition.document, f"{slug}-kit-edition-{number}.pdf")


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


REGISTRATION_RATE = (5, 600)  # at most 5 attempts per address in 10 minutes


def _rate_limited(request: HttpRequest) -> bool:
    limit, window = REGISTRATION_RATE
    key = f"register:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False


def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_queryset_public(), slug=slug)
    full = event.capacity is not None and event.registrations.count() >= event.capacity
    is_open = (
        event.registration_open and not full and (event.end_date is None or event.end_date >= timezone.localdate())
    )
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, _("Too many attempts from your connection: please try again in a few minutes."))
            status = 429
        elif form.is_spam():
            # Answer a bot as if it had worked; nothing is stored.
            return redirect(reverse("events:registered", args=[event.slug]))
        elif form.is_valid():
            try:
                fields = {key: form.cleaned_data[key] for key in ("name", "email", "organisation", "consent")}
                services.registration_create(event=event, **fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(reverse("events:registered", args=[event.slug]))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request, "events/register.html", {"event": event, "form": form, "is_open": is_open, "full": full}, status=status
    )


@require_safe
def registered(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_queryset_public(), slug=slug)
    return render(request, "events/registered.html", {"event": event})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _ical_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_document(slug=slug, include_drafts=_can_preview(request))
    return _ical_response(exports.event_ical(event, request.build_absolute_uri), f"{event.slug}.ics")


@require_safe
def events_ical(request: HttpRequest) -> HttpResponse:
    events = (
        selectors.event_queryset_public()
        .select_related("venue", "room")
        .prefetch_related(Prefetch("participations", queryset=Participation.objects.select_related("person")))
    )
    return _ical_response(exports.events_ical(events, request.build_absolute_uri), "eventsite.ics")
