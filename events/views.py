from collections import OrderedDict
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from events import selectors
from events.documents.content import available_kinds
from events.exports import citations, jsonld
from events.forms import SearchForm
from events.languages import content_languages, page_language
from events.models import Event
from events.programme import event_roles, programme_changes, programme_days, programme_glance

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
    context = {
        "upcoming": upcoming,
        "past_by_year": past_by_year,
        "archive": archive,
        "publications": list(selectors.publication_list_public()),
    }
    return render(request, "events/home.html", context)


@require_safe
def year_archive(request: HttpRequest, year: int) -> HttpResponse:
    events = list(selectors.event_list_public(years=[year]))
    if not events:
        raise Http404("No events that year")
    _upcoming, past_by_year = _by_year(events, date.max)  # an archive lists every event under its year
    others = [other for other in selectors.search_years() if other != year]  # every year page reaches the others
    return render(request, "events/home.html", {"year": year, "past_by_year": past_by_year, "archive": others})


def _kit_editions(event: Event) -> dict[str, list]:
    """The kit's editions of record offered on the event's page, in one query: those in the page's language, newest
    first, and the current edition in each other language (each language is numbered on its own)."""
    if not event.is_published:
        return {"editions": [], "other_editions": []}
    language = page_language()
    offered = event.kit_editions.filter(withdrawn_at__isnull=True).select_related("document").order_by("-number")
    editions, others = [], {}
    for edition in offered:
        if edition.language == language:
            editions.append(edition)
        else:
            others.setdefault(edition.language, edition)
    other_editions = [others[code] for code in content_languages() if code in others]
    return {"editions": editions, "other_editions": other_editions}


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Drafts only for those who may edit them; a parent the user may not see comes back as event.parent = None.
    event = selectors.event_get_visible(slug=slug, user=request.user)
    people = event_roles(event)
    days = programme_days(event)
    context = {
        "event": event,
        "people": people,
        "days": days,
        "glance": programme_glance(event, days=days),
        "changes": programme_changes(event, selectors.programme_history_get(event=event)),
        "organisers": event.event_organisations.all(),
        "contacts": [c for c in event.contacts.all() if c.document == "kit"],
        "documents": available_kinds(event),
        **_kit_editions(event),
        "has_proceedings": hasattr(event, "proceedings"),
        "jsonld": jsonld.event_jsonld(event, request.build_absolute_uri),
    }
    return render(request, "events/event_detail.html", context)


@require_safe
def proceedings_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_visible(slug=slug, user=request.user)
    proceedings = selectors.proceedings_get(event=event)
    if proceedings is None:
        raise Http404("No proceedings for this event")
    participants = event_roles(event)
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
    remark = selectors.remark_get_visible(event_slug=event_slug, slug=slug, user=request.user)
    return render(request, "events/remark_detail.html", {"remark": remark, "event": remark.event})


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.organisation_get_visible(slug=slug, user=request.user)
    return render(
        request,
        "events/organisation_detail.html",
        {
            "organisation": page.organisation,
            "roles": page.roles,
            "people": page.people,
            "sessions": page.sessions,
            "publications": page.publications,
        },
    )


@require_safe
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_get_visible(slug=slug, user=request.user)
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
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: our icon, from the static files."""
    response = HttpResponseRedirect(static("favicon.ico"))
    patch_cache_control(response, public=True, max_age=86400)  # a day: the static name changes with each release
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
