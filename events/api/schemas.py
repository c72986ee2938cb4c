"""The API's schemas: what each endpoint answers, serialised from the models and the event's shape.

Events are shaped by events.programme (people in list order, organisers, places, local times, published side
events and parent only), as on the pages, in the PDFs and in the other exports; nothing here decides on its own what
is public: a draft parent or side event is left out through the shape, a source's draft event through
events.visibility.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, field_validator

from events.api.languages import Translated
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
from events.programme import event_shape, local_times, session_place
from events.visibility import is_public
from eventsite.infra.richtext import sanitize
from speakers.models import Participation, Person

# Stored rich text, sanitised again on the way out (fixtures and raw saves bypass the save-time cleaning).
Html = Annotated[str, BeforeValidator(lambda value: sanitize(value or ""))]

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


def _page_url(request: HttpRequest, limit: int, offset: int) -> str:
    """This list's URL with the same filters, at another offset."""
    query = request.GET.copy()
    query["limit"], query["offset"] = str(limit), str(offset)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")


class Pagination(LimitOffsetPagination):
    """limit/offset with a bounded page size (and offset, so no value overflows the database), and the absolute URLs
    of the next and previous pages (null at either end)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    class Output(Schema):
        count: int = Field(description="Items matching the filters, on every page.")
        next: str | None = Field(description="The next page's URL, same filters; null on the last page.")
        previous: str | None = Field(description="The previous page's URL, same filters; null on the first page.")
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any) -> dict:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        limit, offset, count = pagination.limit, pagination.offset, page["count"]
        page["next"] = _page_url(request, limit, offset + limit) if offset + limit < count else None
        page["previous"] = _page_url(request, limit, max(0, min(offset, count) - limit)) if offset > 0 else None
        return page


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _route_url(context: dict, viewname: str, **kwargs: Any) -> str:
    """An absolute URL of a public route, in the default language whatever the request's Accept-Language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(context["request"], reverse(viewname, kwargs=kwargs))


class OnPage(Translated):
    """Something with a public page: its `url` field is the absolute URL of get_absolute_url(), in the default
    language."""

    @staticmethod
    def resolve_url(obj: Any, context: dict) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return absolute(context["request"], obj.get_absolute_url())


# --- Schemas ---------------------------------------------------------------------------------------------------


class Issue(Schema):
    loc: list[str | int] = Field(description='Where: ["query", "limit"], ["path", "slug"]...')
    msg: str
    type: str = Field(description="The kind of error (pydantic's error type).")


class Error(Schema):
    """Every error of this API has this shape (events/api/errors.py)."""

    status: int = Field(description="The HTTP status code.")
    title: str = Field(description="The status's standard phrase, e.g. Not Found.")
    detail: str = Field(description="What went wrong, in a sentence.")
    errors: list[Issue] = Field(description="Each invalid parameter (422); empty otherwise.")


# What every operation may answer besides 200: a method other than GET/HEAD/OPTIONS, the rate limit; lists and
# details add invalid parameters, details an unknown slug.
ALWAYS = {405: Error, 429: Error}
INVALID = {**ALWAYS, 422: Error}
ERRORS = {404: Error, **INVALID}


class OrganisationRef(Translated):
    slug: str
    name: str
    short_name: str


class PersonRef(Schema):
    slug: str
    name: str


class EventRef(OnPage):
    slug: str
    title: str
    year: int | None
    url: str


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


class PersonAsPrinted(Translated):
    """A participation's person: the slug, and the name as printed for that event."""

    person: str = Field(description="The person's slug.")
    name: str = Field(description="The name as printed for this event.")

    @staticmethod
    def resolve_person(obj: Participation) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name


class ParticipationOut(PersonAsPrinted):
    role: ParticipationRole
    position: str = Field(description="The position held at the time.")
    organisation: OrganisationRef | None = Field(description="The organisation at the time.")


class SessionOut(Translated):
    slug: str
    title: str
    kind: SessionKind
    starts_at: datetime | None = Field(description="ISO 8601 with the event's UTC offset.")
    ends_at: datetime | None
    room: RoomOut | None
    language: str
    description: Html = Field(description="HTML.")
    location: str = Field(description="Room, floor, venue, address and city, on one line.")
    organisers: list[OrganisationRef]
    participations: list[ParticipationOut]

    @staticmethod
    def resolve_starts_at(obj: Session) -> datetime | None:
        return local_times(obj.event, obj.starts_at, obj.ends_at)[0]

    @staticmethod
    def resolve_ends_at(obj: Session) -> datetime | None:
        return local_times(obj.event, obj.starts_at, obj.ends_at)[1]

    @staticmethod
    def resolve_location(obj: Session) -> str:
        return session_place(obj.event, obj).line


class SessionItem(SessionOut):
    event: str = Field(description="The event's slug.")

    @staticmethod
    def resolve_event(obj: Session) -> str:
        return obj.event.slug


class ProceedingsLink(OnPage):
    """The event's proceedings or report, in full at `api`."""

    title: str
    kind: ProceedingsKind
    url: str = Field(description="The public proceedings page.")
    api: str = Field(description="The proceedings in this API.")

    @staticmethod
    def resolve_api(obj: Proceedings, context: dict) -> str:
        return absolute(context["request"], reverse("api:proceedings", kwargs={"event_slug": obj.event.slug}))


def event_proceedings(event: Event) -> Proceedings | None:
    """The proceedings of a (public) event, from select_related("proceedings"); None when it has none."""
    try:
        return event.proceedings
    except ObjectDoesNotExist:
        return None


class EventItem(OnPage):
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
    location: str = Field(description="Room, floor, venue, address and city, on one line.")
    language: str
    organisers: list[OrganiserOut] = Field(description="The organisations in an organising role.")
    organisations: list[OrganiserOut] = Field(description="Every organisation's role: organisers, partners, hosts...")
    proceedings: ProceedingsLink | None = Field(description="The proceedings or report published after the event.")
    changed_at: datetime | None = Field(
        description="When anything printed about the event (its sessions, people, places...) last changed, UTC."
    )

    @staticmethod
    def resolve_proceedings(obj: Event) -> Proceedings | None:
        return event_proceedings(obj)

    @staticmethod
    def resolve_changed_at(obj: Event) -> datetime | None:
        return obj.content_changed_at

    @staticmethod
    def resolve_starts_at(obj: Event) -> datetime | None:
        return event_shape(obj).times[0]

    @staticmethod
    def resolve_ends_at(obj: Event) -> datetime | None:
        return event_shape(obj).times[1]

    @staticmethod
    def resolve_location(obj: Event) -> str:
        return event_shape(obj).place.line

    @staticmethod
    def resolve_parent(obj: Event) -> str | None:
        parent = event_shape(obj).parent
        return parent.slug if parent else None

    @staticmethod
    def resolve_organisers(obj: Event) -> list[EventOrganisation]:
        return event_shape(obj).organisers

    @staticmethod
    def resolve_organisations(obj: Event) -> list[EventOrganisation]:
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
        return event_shape(obj).times[0]


class EventDetail(EventItem):
    lede: str
    description: Html = Field(description="HTML.")
    summary: Summary = Field(description="HTML, one field per question.")
    organisers_note: str
    website: str
    sessions: list[SessionOut]
    participations: list[ParticipationOut] = Field(
        description="Event-level roles, leading roles first; session roles are in sessions."
    )
    side_events: list[SideEvent]
    documents: list[DocumentLink] = Field(description="The print documents (PDF).")
    exports: Exports

    @staticmethod
    def resolve_summary(obj: Event) -> dict[str, str]:
        return {part: sanitize(getattr(obj, f"summary_{part}")) for part in ("who", "what", "where", "when", "why")}

    @staticmethod
    def resolve_participations(obj: Event) -> list[Participation]:
        return event_shape(obj).people

    @staticmethod
    def resolve_side_events(obj: Event) -> list[Event]:
        return event_shape(obj).side_events

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


class PersonItem(OnPage):
    slug: str
    name: str
    sort_name: str
    honorific: str
    appearance_count: int = Field(description="Roles held in published events.")
    url: str


class SessionRef(Translated):
    slug: str
    title: str


class Appearance(Translated):
    event: EventRef
    session: SessionRef | None
    role: ParticipationRole
    name: str = Field(description="The name as printed for this event.")
    position: str = Field(description="The position held at the time.")
    organisation: OrganisationRef | None = Field(description="The organisation at the time.")

    @staticmethod
    def resolve_name(obj: Participation) -> str:
        return obj.display_name


class InEventRef(Translated):
    """Something of an event's (a remark, a session), named by the event's slug and its own."""

    event: str = Field(description="The event's slug.")
    slug: str
    title: str

    @staticmethod
    def resolve_event(obj: Remark | Session) -> str:
        return obj.event.slug


class PersonDetail(OnPage):
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
    def resolve_aliases(obj: Person) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_remarks(obj: Person) -> list[Remark]:
        return list(obj.remarks.all())


class OrganisationItem(OnPage):
    slug: str
    name: str
    short_name: str
    website: str
    url: str


class SocialHandleOut(Schema):
    platform: str
    handle: str
    url: str


class OrganisationRoleOut(Schema):
    event: EventRef
    role: OrganisationRole


class OrganisationPerson(PersonAsPrinted):
    event: str = Field(description="The event's slug.")
    role: ParticipationRole
    position: str

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


class RemarkItem(OnPage):
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


class RemarkDetail(RemarkItem):
    body: Html = Field(description="The full text, HTML.")


class ProceedingsSectionOut(Translated):
    order: int
    heading: str
    subheading: str
    body: Html = Field(description="HTML.")


class TakeawayOut(Translated):
    number: int
    title: str
    body: Html = Field(description="HTML.")


class QuoteOut(Translated):
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


class ProceedingsOut(OnPage):
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


class PublicationItem(OnPage):
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


class PublicationSectionOut(Translated):
    order: int
    heading: str
    level: int
    body: Html = Field(description="HTML.")


class FootnoteOut(Translated):
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
        return obj.event.slug if is_public(obj.event) else None


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
    changed_since: datetime | None = Field(
        None,
        description="Only events whose content changed at or after this ISO 8601 date and time (UTC when it has no "
        "offset), e.g. the time of your last poll; compare with each event's changed_at.",
    )
    kind: EventKind | None = None
    parent: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=160, description="Slug of the event they are held during."
    )

    @field_validator("changed_since")
    @classmethod
    def in_utc(cls, value: datetime | None) -> datetime | None:
        # Databases take only real offsets (PostgreSQL: under 16 hours) and years 1-9999 once in UTC.
        if value is None:
            return None
        try:
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            raise ValueError("out of range once converted to UTC") from None


class SessionFilters(Schema):
    event: str | None = Field(None, pattern=SLUG_PATTERN, max_length=160, description="The event's slug.")


class SpeakerFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Part of the name or of a name variant.")


class RemarkFilters(Schema):
    event: str | None = Field(None, pattern=SLUG_PATTERN, max_length=160, description="The event's slug.")
