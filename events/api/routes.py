"""The read-only JSON API (django-ninja): published content only, typed, paginated, documented by OpenAPI.

Mounted by eventsite/urls.py under /api/v1/. The OpenAPI document is served at `openapi.json`; the docs UI is off
because Swagger UI loads from a CDN and this project allows none. Every route reaches content through
events.visibility (published events only, never drafts, whoever asks); the schemas are in schemas.py.
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.pagination import paginate

from events.api import errors
from events.api import languages as api_languages
from events.api.schemas import (
    ALWAYS,
    ERRORS,
    INVALID,
    ApiRoot,
    EventDetail,
    EventFilters,
    EventItem,
    OrganisationDetail,
    OrganisationItem,
    Pagination,
    PersonDetail,
    PersonItem,
    ProceedingsOut,
    PublicationDetail,
    PublicationItem,
    RemarkDetail,
    RemarkFilters,
    RemarkItem,
    SessionFilters,
    SessionItem,
    Slug,
    SpeakerFilters,
    absolute,
)
from events.api.throttle import ClientRateThrottle
from events.models import (
    Event,
    EventOrganisation,
    Footnote,
    Organisation,
    Proceedings,
    Publication,
    Quote,
    Remark,
    Session,
    Source,
)
from events.visibility import (
    count_through_visible_events,
    organisations_public,
    people_public,
    publications_public,
    through_public_event,
)
from speakers.models import Participation, Person

DESCRIPTION = """The published events of eventsite, their programmes, speakers, organisations, remarks, proceedings and
publications: read-only, public, open to every origin (CORS, no credentials).

Content comes in the language asked for (`?lang=fr`, else the `Accept-Language` header), each translated field
falling back to another language where it has no value; `?all_languages=1` adds `translations`, every language's
own value of each translated field.

Lists are paginated (`limit`, `offset`) and give the `next` and `previous` pages' URLs. `GET /events?changed_since=`
gives the events whose content changed since a time (each event's `changed_at`). Every error has one shape:
`{"status": 404, "title": "Not Found", "detail": "No such event", "errors": []}`, `errors` listing invalid parameters
(422); a client over the rate limit gets 429 with a `Retry-After` header."""

api = NinjaAPI(
    title="eventsite API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    throttle=ClientRateThrottle(),
)
errors.install(api)
api_languages.install(api)  # ?lang=, Accept-Language, ?all_languages=1 (events/api/languages.py)


# --- Querysets ---------------------------------------------------------------------------------------------------


def _events() -> QuerySet[Event]:
    return Event.objects.published()


def _organisers() -> Prefetch:
    return Prefetch(
        "event_organisations",
        queryset=EventOrganisation.objects.select_related("organisation").order_by("order", "pk"),
    )


def _participations() -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person", "organisation").order_by("order", "pk"),
    )


def _sessions() -> QuerySet[Session]:
    return (
        through_public_event(Session.objects.all())
        .select_related("event__venue", "event__room", "room")
        .prefetch_related(
            Prefetch("organisers", queryset=Organisation.objects.order_by("name", "slug")), _participations()
        )
    )


def _remarks() -> QuerySet[Remark]:
    return through_public_event(Remark.objects.all()).select_related("event", "speaker")


def _publications() -> QuerySet[Publication]:
    return publications_public().select_related("publisher")


def _get_or_404(queryset: QuerySet, message: str, **lookups: Any) -> Any:
    obj = queryset.filter(**lookups).first()
    if obj is None:
        raise HttpError(404, message)
    return obj


# --- Endpoints ---------------------------------------------------------------------------------------------------

ENDPOINTS = (
    "events",
    "events/{slug}",
    "sessions",
    "speakers",
    "speakers/{slug}",
    "organisations",
    "organisations/{slug}",
    "remarks",
    "remarks/{event_slug}/{slug}",
    "proceedings/{event_slug}",
    "publications",
    "publications/{slug}",
)


@api.get("/", response={200: ApiRoot, **ALWAYS}, url_name="index", summary="The endpoints of this API")
def index(request: HttpRequest) -> dict[str, Any]:
    root = absolute(request, reverse("api:index"))
    return {
        "title": api.title,
        "version": api.version,
        "openapi": absolute(request, reverse("api:openapi-json")),
        "endpoints": {path: f"{root}{path}" for path in ENDPOINTS},
    }


@api.get("/events", response={200: list[EventItem], **INVALID}, summary="Published events, newest first")
@paginate(Pagination)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[Event]:
    events = _events().select_related("venue", "room", "parent", "proceedings").prefetch_related(_organisers())
    if filters.changed_since is not None:
        events = events.filter(content_changed_at__gte=filters.changed_since)
    if filters.year is not None:
        events = events.filter(start_date__year=filters.year)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.parent:
        events = events.filter(parent__in=_events().filter(slug=filters.parent))
    return events.order_by("-start_date", "order", "title", "slug")


@api.get("/events/{slug}", response={200: EventDetail, **ERRORS}, summary="A published event", url_name="event")
def event_detail(request: HttpRequest, slug: Slug) -> Event:
    sessions = _sessions().order_by("starts_at", "order", "pk")
    children = _events().order_by("start_date", "starts_at", "order", "slug")
    events = (
        _events()
        .select_related("venue", "room", "parent", "proceedings")
        .prefetch_related(
            _organisers(),
            _participations(),
            Prefetch("sessions", queryset=sessions),
            Prefetch("children", queryset=children),
        )
    )
    return _get_or_404(events, "No such event", slug=slug)


@api.get("/sessions", response={200: list[SessionItem], **INVALID}, summary="Sessions of published events")
@paginate(Pagination)
def session_list(request: HttpRequest, filters: Query[SessionFilters]) -> QuerySet[Session]:
    sessions = _sessions()
    if filters.event:
        sessions = sessions.filter(event__slug=filters.event)
    return sessions.order_by("-event__start_date", "event__slug", "starts_at", "order", "pk")


@api.get("/speakers", response={200: list[PersonItem], **INVALID}, summary="People in published events")
@paginate(Pagination)
def speaker_list(request: HttpRequest, filters: Query[SpeakerFilters]) -> QuerySet[Person]:
    people = people_public().annotate(
        appearance_count=count_through_visible_events(None, "participations__event", "participations")
    )
    q = (filters.q or "").replace("\x00", "").strip()
    if q:
        matching = Person.objects.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).values("pk")
        people = people.filter(pk__in=matching)
    return people.order_by("sort_name", "name", "slug")


@api.get("/speakers/{slug}", response={200: PersonDetail, **ERRORS}, summary="A person and their appearances")
def speaker_detail(request: HttpRequest, slug: Slug) -> Person:
    appearances = (
        through_public_event(Participation.objects.all())
        .select_related("event", "session", "organisation")
        .order_by("-event__start_date", "event__title", "event__slug", "order", "pk")
    )
    people = people_public().prefetch_related(
        Prefetch("participations", queryset=appearances, to_attr="appearances"),
        "aliases",
        Prefetch("remarks", queryset=_remarks().order_by("-event__start_date", "event__slug", "order", "pk")),
    )
    return _get_or_404(people, "No such speaker", slug=slug)


@api.get("/organisations", response={200: list[OrganisationItem], **INVALID}, summary="Organisations")
@paginate(Pagination)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    return organisations_public().order_by("name", "slug")


@api.get("/organisations/{slug}", response={200: OrganisationDetail, **ERRORS}, summary="An organisation")
def organisation_detail(request: HttpRequest, slug: Slug) -> Organisation:
    roles = (
        through_public_event(EventOrganisation.objects.all())
        .select_related("event")
        .order_by("-event__start_date", "event__slug", "order", "pk")
    )
    people = (
        through_public_event(Participation.objects.all())
        .select_related("person", "event")
        .order_by("-event__start_date", "event__slug", "order", "pk")
    )
    sessions = through_public_event(Session.objects.all()).select_related("event")
    publications = publications_public().order_by("-year", "title", "slug")
    organisations = organisations_public().prefetch_related(
        "aliases",
        "social_handles",
        Prefetch("event_roles", queryset=roles, to_attr="public_roles"),
        Prefetch("participations", queryset=people, to_attr="public_people"),
        Prefetch(
            "sessions",
            queryset=sessions.order_by("-event__start_date", "event__slug", "starts_at", "order", "pk"),
            to_attr="public_sessions",
        ),
        Prefetch("publications", queryset=publications, to_attr="public_publications"),
    )
    return _get_or_404(organisations, "No such organisation", slug=slug)


@api.get("/remarks", response={200: list[RemarkItem], **INVALID}, summary="Speeches given at published events")
@paginate(Pagination)
def remark_list(request: HttpRequest, filters: Query[RemarkFilters]) -> QuerySet[Remark]:
    remarks = _remarks()
    if filters.event:
        remarks = remarks.filter(event__slug=filters.event)
    return remarks.order_by("-event__start_date", "event__slug", "order", "pk")


@api.get("/remarks/{event_slug}/{slug}", response={200: RemarkDetail, **ERRORS}, summary="A speech, in full")
def remark_detail(request: HttpRequest, event_slug: Slug, slug: Slug) -> Remark:
    return _get_or_404(_remarks(), "No such remarks", event__slug=event_slug, slug=slug)


@api.get(
    "/proceedings/{event_slug}",
    response={200: ProceedingsOut, **ERRORS},
    summary="A published event's report",
    url_name="proceedings",
)
def proceedings_detail(request: HttpRequest, event_slug: Slug) -> Proceedings:
    proceedings = (
        through_public_event(Proceedings.objects.all())
        .select_related("event")
        .prefetch_related(
            "sections",
            "takeaways",
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "section", "takeaway")),
        )
    )
    return _get_or_404(proceedings, "No proceedings for this event", event__slug=event_slug)


@api.get("/publications", response={200: list[PublicationItem], **INVALID}, summary="Published publications")
@paginate(Pagination)
def publication_list(request: HttpRequest) -> QuerySet[Publication]:
    return _publications().order_by("-year", "title", "slug")


@api.get("/publications/{slug}", response={200: PublicationDetail, **ERRORS}, summary="A publication")
def publication_detail(request: HttpRequest, slug: Slug) -> Publication:
    publications = _publications().prefetch_related(
        "sections",
        Prefetch("footnotes", queryset=Footnote.objects.select_related("section")),
        Prefetch("sources", queryset=Source.objects.select_related("event")),
        Prefetch("cited_events", queryset=_events().order_by("-start_date", "slug")),
    )
    return _get_or_404(publications, "No such publication", slug=slug)


@api.get("/{path:rest}", include_in_schema=False, url_name="not_found")
def not_found(request: HttpRequest, rest: str) -> None:
    """Any other path under the API answers with a JSON 404, like unknown slugs."""
    raise HttpError(404, "No such endpoint: see the API's root for the list")
