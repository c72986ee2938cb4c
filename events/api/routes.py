"""The read-only JSON API (django-ninja): published content only, typed, paginated, documented by OpenAPI.

Mounted by eventsite/urls.py under /api/v1/. The OpenAPI document is served at `openapi.json`; the docs UI is off
because Swagger UI loads from a CDN and this project allows none.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BeforeValidator

from events.documents.content import available_kinds
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
from eventsite.infra.richtext import sanitize
from speakers.models import Participation, Person
from speakers.selectors import person_list_public

# Stored rich text, sanitised again on the way out (fixtures and raw saves bypass the save-time cleaning).
Html = Annotated[str, BeforeValidator(lambda value: sanitize(value or ""))]

api = NinjaAPI(title="eventsite API", version="1", urls_namespace="api", docs_url=None)

PUBLISHED = Event.Status.PUBLISHED
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000

Slug = Path[str, {"pattern": SLUG_PATTERN, "max_length": 160}]

# Literal types from the model choices, so the OpenAPI document lists the allowed values.
EventKind = Literal[tuple(Event.Kind.values)]
SessionKind = Literal[tuple(Session.Kind.values)]
OrganisationRole = Literal[tuple(EventOrganisation.Role.values)]
ParticipationRole = Literal[tuple(Participation.Role.values)]
ProceedingsKind = Literal[tuple(Proceedings.Kind.values)]


class Pagination(LimitOffsetPagination):
    """limit/offset with a bounded page size (and offset, so no value overflows the database)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _route_url(context: dict, viewname: str, **kwargs: Any) -> str:
    """An absolute URL of a public route, in the default language whatever the request's Accept-Language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _absolute(context["request"], reverse(viewname, kwargs=kwargs))


def _page_url(context: dict, obj: Any) -> str:
    """The absolute URL of an object's public page (its get_absolute_url), in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _absolute(context["request"], obj.get_absolute_url())


def _published_or_none(event: Event | None) -> Event | None:
    return event if event is not None and event.status == PUBLISHED else None


# --- Schemas ---------------------------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


INVALID = {422: ValidationErrorOut}
ERRORS = {404: Error, **INVALID}


class OrganisationRef(Schema):
    slug: str
    name: str
    short_name: str


class PersonRef(Schema):
    slug: str
    name: str


class EventRef(Schema):
    slug: str
    title: str
    year: int | None
    url: str

    @staticmethod
    def resolve_url(obj: Event, context: dict) -> str:
        return _page_url(context, obj)


class VenueOut(Schema):
    name: str
    city: str
    country: str


class RoomOut(Schema):
    name: str
    floor: str


class OrganiserOut(Schema):
    slug: str
    name: str
    role: OrganisationRole

    @staticmethod
    def resolve_slug(obj: EventOrganisation) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj: EventOrganisation) -> str:
        return obj.organisation.name


class ParticipationOut(Schema):
    person: str = Field(description="The person's slug.")
    name: str = Field(description="The name as printed for this event.")
    role: ParticipationRole
    position: str = Field(description="The position held at the time.")
    organisation: OrganisationRef | None = Field(description="The organisation at the time.")

    @staticmethod
    def resolve_person(obj: Participation) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name


def _local(event: Event, value: datetime | None) -> datetime | None:
    return event.local(value)


class SessionOut(Schema):
    slug: str
    title: str
    kind: SessionKind
    starts_at: datetime | None = Field(description="ISO 8601 with the event's UTC offset.")
    ends_at: datetime | None
    room: RoomOut | None
    language: str
    description: Html = Field(description="HTML.")
    organisers: list[OrganisationRef]
    participations: list[ParticipationOut]

    @staticmethod
    def resolve_starts_at(obj: Session) -> datetime | None:
        return _local(obj.event, obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Session) -> datetime | None:
        return _local(obj.event, obj.ends_at)


class SessionItem(SessionOut):
    event: str = Field(description="The event's slug.")

    @staticmethod
    def resolve_event(obj: Session) -> str:
        return obj.event.slug


class EventItem(Schema):
    slug: str
    title: str
    subtitle: str
    kind: EventKind
    start_date: date
    end_date: date
    starts_at: datetime | None = Field(description="ISO 8601 with the event's UTC offset.")
    ends_at: datetime | None = Field(description="ISO 8601 with the event's UTC offset.")
    timezone: str = Field(description="IANA time zone, e.g. Europe/Vienna.")
    url: str = Field(description="The public event page.")
    parent: str | None = Field(description="Slug of the published event this one is held during.")
    venue: VenueOut | None
    room: RoomOut | None
    language: str
    organisers: list[OrganiserOut]

    @staticmethod
    def resolve_starts_at(obj: Event) -> datetime | None:
        return _local(obj, obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Event) -> datetime | None:
        return _local(obj, obj.ends_at)

    @staticmethod
    def resolve_url(obj: Event, context: dict) -> str:
        return _page_url(context, obj)

    @staticmethod
    def resolve_parent(obj: Event) -> str | None:
        parent = _published_or_none(obj.parent)
        return parent.slug if parent else None

    @staticmethod
    def resolve_organisers(obj: Event) -> list[EventOrganisation]:
        return list(obj.event_organisations.all())


class Summary(Schema):
    who: str
    what: str
    where: str
    when: str
    why: str


class DocumentLink(Schema):
    kind: Literal["kit", "proceedings", "programme"]
    url: str


class Exports(Schema):
    calendar_ics: str
    schedule_xml: str
    schedule_json: str


class SideEvent(EventRef):
    start_date: date
    starts_at: datetime | None

    @staticmethod
    def resolve_starts_at(obj: Event) -> datetime | None:
        return _local(obj, obj.starts_at)


class EventDetail(EventItem):
    lede: str
    description: Html = Field(description="HTML.")
    summary: Summary = Field(description="HTML, one field per question.")
    organisers_note: str
    website: str
    sessions: list[SessionOut]
    participations: list[ParticipationOut] = Field(description="Event-level roles; session roles are in sessions.")
    side_events: list[SideEvent]
    documents: list[DocumentLink] = Field(description="The print documents (PDF).")
    exports: Exports

    @staticmethod
    def resolve_summary(obj: Event) -> dict[str, str]:
        return {part: sanitize(getattr(obj, f"summary_{part}")) for part in ("who", "what", "where", "when", "why")}

    @staticmethod
    def resolve_participations(obj: Event) -> list[Participation]:
        return [p for p in obj.participations.all() if p.session_id is None]

    @staticmethod
    def resolve_side_events(obj: Event) -> list[Event]:
        return list(obj.children.all())

    @staticmethod
    def resolve_documents(obj: Event, context: dict) -> list[dict[str, str]]:
        return [
            {"kind": str(kind), "url": _route_url(context, "events:document", slug=obj.slug, kind=str(kind))}
            for kind in available_kinds(obj)
        ]

    @staticmethod
    def resolve_exports(obj: Event, context: dict) -> dict[str, str]:
        return {
            "calendar_ics": _route_url(context, "events:event_ical", slug=obj.slug),
            "schedule_xml": _route_url(context, "events:schedule_xml", slug=obj.slug),
            "schedule_json": _route_url(context, "events:schedule_json", slug=obj.slug),
        }


class PersonItem(Schema):
    slug: str
    name: str
    sort_name: str
    honorific: str
    appearance_count: int = Field(description="Roles held in published events.")
    url: str

    @staticmethod
    def resolve_url(obj: Person, context: dict) -> str:
        return _page_url(context, obj)


class SessionRef(Schema):
    slug: str
    title: str


class Appearance(Schema):
    event: EventRef
    session: SessionRef | None
    role: ParticipationRole
    name: str = Field(description="The name as printed for this event.")
    position: str = Field(description="The position held at the time.")
    organisation: OrganisationRef | None = Field(description="The organisation at the time.")

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name


class InEventRef(Schema):
    """Something of an event's (a remark, a session), named by the event's slug and its own."""

    event: str = Field(description="The event's slug.")
    slug: str
    title: str

    @staticmethod
    def resolve_event(obj: Remark | Session) -> str:
        return obj.event.slug


class PersonDetail(Schema):
    slug: str
    name: str
    sort_name: str
    honorific: str
    bio: Html = Field(description="HTML.")
    website: str
    url: str
    aliases: list[str]
    appearances: list[Appearance] = Field(description="Newest first.")
    remarks: list[InEventRef]

    @staticmethod
    def resolve_url(obj: Person, context: dict) -> str:
        return _page_url(context, obj)

    @staticmethod
    def resolve_aliases(obj: Person) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_remarks(obj: Person) -> list[Remark]:
        return list(obj.remarks.all())


class OrganisationItem(Schema):
    slug: str
    name: str
    short_name: str
    website: str
    url: str

    @staticmethod
    def resolve_url(obj: Organisation, context: dict) -> str:
        return _page_url(context, obj)


class SocialHandleOut(Schema):
    platform: str
    handle: str
    url: str


class OrganisationRoleOut(Schema):
    event: EventRef
    role: OrganisationRole


class OrganisationPerson(Schema):
    person: str = Field(description="The person's slug.")
    name: str = Field(description="The name as printed for this event.")
    event: str = Field(description="The event's slug.")
    role: ParticipationRole
    position: str

    @staticmethod
    def resolve_person(obj: Participation) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name

    @staticmethod
    def resolve_event(obj: Participation) -> str:
        return obj.event.slug


class PublicationRef(Schema):
    slug: str
    title: str
    year: int | None


class OrganisationDetail(OrganisationItem):
    tagline: str
    description: Html = Field(description="HTML.")
    address: str
    phone: str
    email: str
    aliases: list[str]
    social_handles: list[SocialHandleOut]
    roles: list[OrganisationRoleOut]
    people: list[OrganisationPerson]
    sessions: list[InEventRef]
    publications: list[PublicationRef]

    @staticmethod
    def resolve_aliases(obj: Organisation) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_roles(obj: Organisation) -> list[EventOrganisation]:
        return obj.public_roles

    @staticmethod
    def resolve_people(obj: Organisation) -> list[Participation]:
        return obj.public_people

    @staticmethod
    def resolve_sessions(obj: Organisation) -> list[Session]:
        return obj.public_sessions

    @staticmethod
    def resolve_publications(obj: Organisation) -> list[Publication]:
        return obj.public_publications


class RemarkItem(Schema):
    event: str = Field(description="The event's slug.")
    slug: str
    title: str
    speaker: PersonRef
    delivered_on: date | None
    place: str
    url: str

    @staticmethod
    def resolve_event(obj: Remark) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_url(obj: Remark, context: dict) -> str:
        return _page_url(context, obj)


class RemarkDetail(RemarkItem):
    body: Html = Field(description="The full text, HTML.")


class ProceedingsSectionOut(Schema):
    order: int
    heading: str
    subheading: str
    body: Html = Field(description="HTML.")


class TakeawayOut(Schema):
    number: int
    title: str
    body: Html = Field(description="HTML.")


class QuoteOut(Schema):
    order: int
    text: str
    speaker: PersonRef
    section: int | None = Field(description="The `order` of the context section it illustrates.")
    takeaway: int | None = Field(description="The `number` of the takeaway it illustrates.")

    @staticmethod
    def resolve_section(obj: Quote) -> int | None:
        return obj.section.order if obj.section is not None else None

    @staticmethod
    def resolve_takeaway(obj: Quote) -> int | None:
        return obj.takeaway.number if obj.takeaway is not None else None


class ProceedingsOut(Schema):
    event: EventRef
    kind: ProceedingsKind
    title: str
    intro: Html = Field(description="HTML.")
    takeaways_intro: Html = Field(description="HTML.")
    published_on: date | None
    doi: str
    url: str
    sections: list[ProceedingsSectionOut]
    takeaways: list[TakeawayOut]
    quotes: list[QuoteOut]

    @staticmethod
    def resolve_url(obj: Proceedings, context: dict) -> str:
        return _page_url(context, obj)


class PublicationItem(Schema):
    slug: str
    title: str
    container_title: str
    editors: str
    publisher: OrganisationRef | None
    place: str
    year: int | None
    language: str
    doi: str
    url: str

    @staticmethod
    def resolve_url(obj: Publication, context: dict) -> str:
        return _page_url(context, obj)


class PublicationSectionOut(Schema):
    order: int
    heading: str
    level: int
    body: Html = Field(description="HTML.")


class FootnoteOut(Schema):
    number: int
    section: int | None = Field(description="The `order` of the section it belongs to.")
    text: Html = Field(description="HTML.")

    @staticmethod
    def resolve_section(obj: Footnote) -> int | None:
        return obj.section.order if obj.section is not None else None


class SourceOut(Schema):
    order: int
    text: Html = Field(description="HTML.")
    url: str
    event: str | None = Field(description="Slug of the published event the source documents.")

    @staticmethod
    def resolve_event(obj: Source) -> str | None:
        event = _published_or_none(obj.event)
        return event.slug if event else None


class PublicationDetail(PublicationItem):
    copyright: str
    citation: str
    abstract: Html = Field(description="HTML.")
    colophon: Html = Field(description="HTML.")
    sections: list[PublicationSectionOut]
    footnotes: list[FootnoteOut]
    sources: list[SourceOut]
    cited_events: list[str] = Field(description="Slugs of the published events it cites.")

    @staticmethod
    def resolve_cited_events(obj: Publication) -> list[str]:
        return [event.slug for event in obj.cited_events.all()]


class ApiRoot(Schema):
    title: str
    version: str
    openapi: str = Field(description="The OpenAPI document.")
    endpoints: dict[str, str] = Field(description="Every endpoint, with {placeholders} for path parameters.")


class EventFilters(Schema):
    year: int | None = Field(None, ge=1, le=9999, description="Year of the start date.")
    kind: EventKind | None = None
    parent: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=160, description="Slug of the event they are held during."
    )


class SessionFilters(Schema):
    event: str | None = Field(None, pattern=SLUG_PATTERN, max_length=160, description="The event's slug.")


class SpeakerFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name or of a name variant.")


class RemarkFilters(Schema):
    event: str | None = Field(None, pattern=SLUG_PATTERN, max_length=160, description="The event's slug.")


# --- Querysets ---------------------------------------------------------------------------------------------------


def _events() -> QuerySet[Event]:
    return Event.objects.filter(status=PUBLISHED)


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
        Session.objects.filter(event__status=PUBLISHED)
        .select_related("event", "room")
        .prefetch_related(
            Prefetch("organisers", queryset=Organisation.objects.order_by("name", "slug")), _participations()
        )
    )


def _organisations() -> QuerySet[Organisation]:
    """Organisations named by published content: roles, participations, session organisers, publishers."""
    return Organisation.objects.filter(
        Q(pk__in=EventOrganisation.objects.filter(event__status=PUBLISHED).values("organisation"))
        | Q(pk__in=Participation.objects.filter(event__status=PUBLISHED).values("organisation"))
        | Q(pk__in=Session.organisers.through.objects.filter(session__event__status=PUBLISHED).values("organisation"))
        | Q(pk__in=Publication.objects.filter(status=Publication.Status.PUBLISHED).values("publisher"))
    )


def _remarks() -> QuerySet[Remark]:
    return Remark.objects.filter(event__status=PUBLISHED).select_related("event", "speaker")


def _publications() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED).select_related("publisher")


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


@api.get("/", response=ApiRoot, url_name="index", summary="The endpoints of this API")
def index(request: HttpRequest) -> dict[str, Any]:
    root = _absolute(request, reverse("api:index"))
    return {
        "title": api.title,
        "version": api.version,
        "openapi": _absolute(request, reverse("api:openapi-json")),
        "endpoints": {path: f"{root}{path}" for path in ENDPOINTS},
    }


@api.get("/events", response={200: list[EventItem], **INVALID}, summary="Published events, newest first")
@paginate(Pagination)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[Event]:
    events = _events().select_related("venue", "room", "parent").prefetch_related(_organisers())
    if filters.year is not None:
        events = events.filter(start_date__year=filters.year)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.parent:
        events = events.filter(parent__slug=filters.parent, parent__status=PUBLISHED)
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
    people = person_list_public()
    q = (filters.q or "").replace("\x00", "").strip()
    if q:
        matching = Person.objects.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q)).values("pk")
        people = people.filter(pk__in=matching)
    return people.order_by("sort_name", "name", "slug")


@api.get("/speakers/{slug}", response={200: PersonDetail, **ERRORS}, summary="A person and their appearances")
def speaker_detail(request: HttpRequest, slug: Slug) -> Person:
    appearances = (
        Participation.objects.filter(event__status=PUBLISHED)
        .select_related("event", "session", "organisation")
        .order_by("-event__start_date", "event__title", "event__slug", "order", "pk")
    )
    people = Person.objects.prefetch_related(
        Prefetch("participations", queryset=appearances, to_attr="appearances"),
        "aliases",
        Prefetch("remarks", queryset=_remarks().order_by("-event__start_date", "event__slug", "order", "pk")),
    )
    person = _get_or_404(people, "No such speaker", slug=slug)
    if not person.appearances:
        raise HttpError(404, "No such speaker")
    return person


@api.get("/organisations", response={200: list[OrganisationItem], **INVALID}, summary="Organisations")
@paginate(Pagination)
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    return _organisations().order_by("name", "slug")


@api.get("/organisations/{slug}", response={200: OrganisationDetail, **ERRORS}, summary="An organisation")
def organisation_detail(request: HttpRequest, slug: Slug) -> Organisation:
    roles = (
        EventOrganisation.objects.filter(event__status=PUBLISHED)
        .select_related("event")
        .order_by("-event__start_date", "event__slug", "order", "pk")
    )
    people = (
        Participation.objects.filter(event__status=PUBLISHED)
        .select_related("person", "event")
        .order_by("-event__start_date", "event__slug", "order", "pk")
    )
    sessions = Session.objects.filter(event__status=PUBLISHED).select_related("event")
    publications = Publication.objects.filter(status=Publication.Status.PUBLISHED).order_by("-year", "title", "slug")
    organisations = _organisations().prefetch_related(
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


@api.get("/proceedings/{event_slug}", response={200: ProceedingsOut, **ERRORS}, summary="A published event's report")
def proceedings_detail(request: HttpRequest, event_slug: Slug) -> Proceedings:
    proceedings = (
        Proceedings.objects.filter(event__status=PUBLISHED)
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
    raise HttpError(404, "Not found")
