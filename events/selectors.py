"""Reused reads for pages, search and sitemaps, all built on events.visibility.

Each selector decides its own select_related/prefetch_related so pages stay N+1 free. What is public, and what a
user may preview, is never decided here: the selectors start from Event.objects.visible_to(user) (or published())
and the *_visible_to / *_public functions of events.visibility.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields

from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    Organisation,
    OrganisationRole,
    OrganisationRoleMember,
    Proceedings,
    Publication,
    Remark,
    Session,
    Tool,
)
from events.programme import ProgrammeHistory
from events.visibility import (
    is_public,
    organisations_public,
    organisations_visible_to,
    public_since,
    publications_visible_to,
    through_public_event,
    through_visible_event,
)
from speakers.models import Participation, PersonAlias


def _organisations_prefetch() -> Prefetch:
    return Prefetch(
        "event_organisations",
        queryset=EventOrganisation.objects.select_related("organisation").prefetch_related(
            "organisation__social_handles"
        ),
    )


def _participations_prefetch(to_attr: str | None = None) -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person", "organisation", "session").order_by("order", "pk"),
        to_attr=to_attr,
    )


def _organisation_roles_prefetch() -> Prefetch:
    """Organisations in a role with their organisations in printed order: two queries whatever their number."""
    members = OrganisationRoleMember.objects.select_related("organisation").order_by("order", "pk")
    return Prefetch(
        "organisation_roles",
        queryset=OrganisationRole.objects.prefetch_related(Prefetch("members", queryset=members)).order_by(
            "order", "pk"
        ),
    )


def event_queryset_public(*, include_drafts: bool = False, user=None) -> QuerySet[Event]:
    """Published events, plus the drafts `user` may edit (preview).

    include_drafts=True means every draft: kept only for the document builders, which pass it until they use
    `user`; pages never pass it.
    """
    if include_drafts:
        return Event.objects.all()
    return Event.objects.visible_to(user)


def event_list_public(*, years: list[int] | None = None, upcoming_from=None) -> QuerySet[Event]:
    """Top-level published events (side events come with their conference), optionally of some years only,
    plus those still to come. A published side event of a draft conference is listed on its own."""
    events = Event.objects.published()
    if years is not None:
        in_years = Q(start_date__year__in=years)
        events = events.filter(in_years | Q(end_date__gte=upcoming_from) if upcoming_from else in_years)
    public_parent = Exists(Event.objects.published().filter(pk=OuterRef("parent_id")))
    return (
        events.filter(~public_parent)
        .select_related("venue")
        .prefetch_related(
            _organisations_prefetch(),
            Prefetch("children", queryset=Event.objects.published().order_by("start_date", "starts_at", "order")),
        )
        .order_by("-start_date", "title")
    )


def event_get_for_document(*, slug: str, include_drafts: bool = False, with_kit: bool = True, user=None) -> Event:
    """An event with everything its pages and documents print, in a fixed number of queries.

    The event, its parent and its side events are those `user` may see (anonymous: published only). A parent the
    user may not see is not loaded at all: `event.parent` is None, so no page, JSON-LD or document can print it.
    include_drafts=True (documents only, until they pass `user`) loads every draft.
    with_kit=False leaves out the participant kit's sections, statistics, tools and legal texts (web pages).
    """
    events = event_queryset_public(include_drafts=include_drafts, user=user)
    # Side events too are those the user may see: an editor previewing their own conference sees their own draft
    # side events, not a draft another organisation holds during it.
    children = (
        events.select_related("room", "venue")
        .prefetch_related(_organisations_prefetch(), _participations_prefetch(), _organisation_roles_prefetch())
        .order_by("start_date", "starts_at", "order", "pk")
    )
    sessions = (
        Session.objects.select_related("room")
        .prefetch_related("organisers", _participations_prefetch())
        .order_by("starts_at", "order", "pk")
    )
    kit_sections = KitSection.objects.prefetch_related(
        "statistics",
        "legal_texts",
        Prefetch("tools", queryset=Tool.objects.prefetch_related("statistics")),
    )
    prefetches = [
        Prefetch("parent", queryset=events),
        _organisations_prefetch(),
        _participations_prefetch(),
        _organisation_roles_prefetch(),
        Prefetch("sessions", queryset=sessions),
        Prefetch("children", queryset=children),
        Prefetch("remarks", queryset=Remark.objects.select_related("speaker")),
        Prefetch("contacts", queryset=Contact.objects.select_related("person", "organisation")),
        "live_stream__links",
    ]
    if with_kit:
        prefetches.append(Prefetch("kit_sections", queryset=kit_sections))
    event = (
        events.select_related("venue", "room", "live_stream", "proceedings")
        .prefetch_related(*prefetches)
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def event_get_visible(*, slug: str, user, with_kit: bool = False) -> Event:
    """The event page's event: published, or a draft `user` may edit (preview); Http404 otherwise."""
    return event_get_for_document(slug=slug, user=user, with_kit=with_kit)


def proceedings_get(*, event: Event) -> Proceedings | None:
    """The proceedings of an event already reached through a visibility selector."""
    return (
        Proceedings.objects.filter(event=event)
        .prefetch_related(
            "sections__quotes__speaker",
            "takeaways__quotes__speaker",
            "quotes__speaker",
        )
        .first()
    )


def remark_get_visible(*, event_slug: str, slug: str, user) -> Remark:
    remark = (
        through_visible_event(Remark.objects.select_related("event", "speaker"), user)
        .filter(event__slug=event_slug, slug=slug)
        .first()
    )
    if remark is None:
        raise Http404("No such remark")
    return remark


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    roles: list[EventOrganisation]
    people: list[Participation]
    sessions: list[Session]
    publications: list[Publication]


def organisation_get_visible(*, slug: str, user) -> OrganisationPage:
    """An organisation's page: only if it is public (or visible to `user`), with only what `user` may see."""
    organisation = (
        organisations_visible_to(user).prefetch_related("social_handles", "aliases").filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404("This organisation has no published activity")
    roles = through_visible_event(organisation.event_roles.select_related("event"), user).order_by(
        "-event__start_date", "event__title"
    )
    people = through_visible_event(
        Participation.objects.filter(organisation=organisation).select_related("person", "event"), user
    ).order_by("-event__start_date", "event__title", "order")
    sessions = through_visible_event(organisation.sessions.select_related("event"), user).order_by(
        "-event__start_date", "starts_at", "order"
    )
    publications = publications_visible_to(user).filter(publisher=organisation).order_by("-year", "title")
    return OrganisationPage(organisation, list(roles), list(people), list(sessions), list(publications))


def organisation_list_public() -> QuerySet[Organisation]:
    """Every organisation with a public page (events.visibility.organisations_public), by name."""
    return organisations_public().order_by("name", "slug")


def publication_list_public() -> QuerySet[Publication]:
    """Every public publication, newest first: the home page links them (a publication need not name a publisher)."""
    return publications_visible_to(None).order_by("-year", "title", "pk")


def publication_get_visible(*, slug: str, user) -> Publication:
    publication = (
        publications_visible_to(user)
        .select_related("publisher")
        .prefetch_related(
            "sections",
            "footnotes",
            "contacts__person",
            Prefetch("sources__event", queryset=Event.objects.published()),
            Prefetch("cited_events", queryset=Event.objects.published()),
        )
        .filter(slug=slug)
        .first()
    )
    if publication is None:
        raise Http404("No such publication")
    return publication


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    detail: str


SEARCH_LIMIT = 200


def _contains(model, q: str, *names: str) -> Q:
    """`q` in any of the fields, in every language's column of a translated one (the plain name would look in the
    active language's only): still one condition of the same query, whatever the number of languages."""
    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        translated = {}
    condition = Q()
    for name in names:
        for column in get_translation_fields(name) if name in translated else [name]:
            condition |= Q(**{f"{column}__icontains": q})
    return condition


def search(
    *, q: str = "", year: int | None = None, kind: str = "", organisation: Organisation | None = None
) -> list[SearchHit]:
    """Published events, sessions, speakers and remarks matching the text and filters, events first.

    Every text condition on a related row sits in the same EXISTS subquery as the condition that the row belongs
    to a matching published event: a separate join would let a draft event's row satisfy the text condition.
    """
    from speakers.models import Person

    events = Event.objects.published()
    if year:
        events = events.filter(start_date__year=year)
    if kind:
        events = events.filter(kind=kind)
    if organisation is not None:
        events = events.filter(
            Exists(EventOrganisation.objects.filter(event=OuterRef("pk"), organisation=organisation))
        )
    sessions = Session.objects.filter(event__in=events).select_related("event")
    remarks = Remark.objects.filter(event__in=events).select_related("event", "speaker")
    appearances = Participation.objects.filter(person=OuterRef("pk"), event__in=events)
    people = Person.objects.filter(Exists(appearances))
    if q:
        events = events.filter(_contains(Event, q, "title", "subtitle", "lede", "description"))
        sessions = sessions.filter(_contains(Session, q, "title", "description"))
        people = people.filter(
            Q(name__icontains=q)
            | Exists(PersonAlias.objects.filter(person=OuterRef("pk"), name__icontains=q))
            | Exists(appearances.filter(_contains(Participation, q, "position")))
        )
        remarks = remarks.filter(_contains(Remark, q, "title", "body") | Q(speaker__name__icontains=q))
    hits = [
        SearchHit("event", e.title, e.get_absolute_url(), f"{e.get_kind_display()} · {e.start_date or ''}")
        for e in events.order_by("-start_date", "title")[:SEARCH_LIMIT]
    ]
    hits += [
        SearchHit("session", s.title, s.get_absolute_url(), s.event.title)
        for s in sessions.order_by("-event__start_date", "starts_at")[:SEARCH_LIMIT]
    ]
    hits += [
        SearchHit("person", p.name, p.get_absolute_url(), "")
        for p in people.order_by("sort_name", "name")[:SEARCH_LIMIT]
    ]
    hits += [
        SearchHit("remark", r.title, r.get_absolute_url(), f"{r.speaker.name} · {r.event.title}")
        for r in remarks.order_by("-event__start_date")[:SEARCH_LIMIT]
    ]
    return hits


@dataclass(frozen=True)
class Untranslated:
    """So many rows of a model have a field entered in another language but not in `language`."""

    language: str
    model: str
    field: str
    count: int


# What an event prints that is shared with other events: its people's biographies, its organisations' texts.
_SHARED_PATHS = {("speakers", "person"): "participations__event", ("events", "organisation"): "event_roles__event"}


def event_untranslated(*, event: Event) -> list[Untranslated]:
    """What of `event`'s text (its own, its sessions', people's, kit's, proceedings'...) is entered in one language and
    missing in another, language by language: one aggregate query per translated model."""
    from django.conf import settings
    from django.db.models import Count

    from events.permissions import SHARED, event_path

    languages = settings.MODELTRANSLATION_LANGUAGES
    found = []
    for model in translator.get_registered_models(abstract=False):
        key = (model._meta.app_label, model._meta.model_name)
        path = _SHARED_PATHS.get(key) or event_path(model)
        if path is SHARED:
            continue  # publications: not an event's
        names = list(translator.get_options_for_model(model).all_fields)
        filled = {
            (name, code): ~Q(**{f"{name}_{code}__isnull": True}) & ~Q(**{f"{name}_{code}": ""})
            for name in names
            for code in languages
        }
        counts = {
            f"{name}__{code}": Count(
                "pk",
                distinct=True,
                filter=~filled[name, code] & _any(filled[name, other] for other in languages if other != code),
            )
            for name in names
            for code in languages
        }
        rows = model._default_manager.filter(**{path or "pk": event if path else event.pk}).aggregate(**counts)
        for alias, count in rows.items():
            name, _sep, code = alias.rpartition("__")
            if count:
                verbose = model._meta.get_field(name).verbose_name
                found.append(Untranslated(code, str(model._meta.verbose_name_plural), str(verbose), count))
    return sorted(found, key=lambda item: languages.index(item.language))  # by language, then as registered


def _any(conditions) -> Q:
    result = Q()
    for condition in conditions:
        result = result | condition if result else condition
    return result


def search_years() -> list[int]:
    return [d.year for d in Event.objects.published().dates("start_date", "year", order="DESC")]


# --- Feeds and exports (iCal, frab, citations): only what they print ---------------------------------------------


def _feed_participations() -> Prefetch:
    return Prefetch("participations", queryset=Participation.objects.select_related("person").order_by("order", "pk"))


def event_list_for_feed() -> QuerySet[Event]:
    """Published events with their places and people: /events.ics prints one entry per event."""
    return (
        Event.objects.published()
        .select_related("venue", "room")
        .prefetch_related(_feed_participations())
        .order_by("-start_date", "order", "pk")
    )


def event_get_for_feed(*, slug: str, user) -> Event:
    """An event the user may see, with its sessions and published side events, their places and people: what
    calendar.ics and schedule.xml/json print (no kit, contacts, remarks or organisations)."""
    children = (
        Event.objects.published()
        .select_related("room", "venue")
        .prefetch_related(_feed_participations())
        .order_by("start_date", "starts_at", "order", "pk")
    )
    sessions = Session.objects.select_related("room").prefetch_related(_feed_participations())
    event = (
        Event.objects.visible_to(user)
        .select_related("venue", "room", "live_stream", "proceedings")
        .prefetch_related(
            _feed_participations(),
            Prefetch("sessions", queryset=sessions.order_by("starts_at", "order", "pk")),
            Prefetch("children", queryset=children),
        )
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def proceedings_get_for_citation(*, slug: str, user) -> Proceedings:
    """The proceedings of an event the user may see, with what a citation names: the organisers and the city."""
    organisations = Prefetch(
        "event__event_organisations",
        queryset=EventOrganisation.objects.select_related("organisation").order_by("order", "pk"),
    )
    proceedings = (
        Proceedings.objects.filter(event__in=Event.objects.visible_to(user))
        .select_related("event__venue")
        .prefetch_related(organisations)
        .filter(event__slug=slug)
        .first()
    )
    if proceedings is None:
        raise Http404("No proceedings for this event")
    return proceedings


# --- A programme's history: its public list of changes, iCal SEQUENCE and LAST-MODIFIED, frab version -------------

_HISTORY_ORDER = ("history_date", "history_id")


def session_get_for_feed(*, event_slug: str, slug: str) -> Session:
    """A public session with its event, places and people: its own calendar entry (add to my calendar)."""
    session = (
        through_public_event(Session.objects.select_related("room", "event__venue", "event__room"))
        .prefetch_related(_feed_participations())
        .filter(event__slug=event_slug, slug=slug)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def programme_history_get(*, event: Event) -> ProgrammeHistory:
    """The history records of a public event's programme, oldest first, in 3 queries: its sessions, the event and
    its side events, and everyone's participations. A draft has no public changes: nothing is loaded."""
    if not is_public(event):
        return ProgrammeHistory()
    return ProgrammeHistory(
        since=public_since(event),
        sessions=list(Session.history.filter(event_id=event.pk).select_related("room").order_by(*_HISTORY_ORDER)),
        events=list(
            Event.history.filter(Q(id=event.pk) | Q(parent_id=event.pk))
            .select_related("room", "venue")
            .order_by(*_HISTORY_ORDER)
        ),
        participations=list(
            Participation.history.filter(Q(event_id=event.pk) | Q(event__parent_id=event.pk))
            .select_related("person")
            .order_by(*_HISTORY_ORDER)
        ),
    )


def event_list_history_get(*, events: list[Event]) -> dict[int, ProgrammeHistory]:
    """For a feed of events (each without its programme): every public event's own records and its event-level
    people's, by event id, in 2 queries."""
    public = {event.pk: event for event in events if is_public(event)}
    records = (
        Event.history.filter(id__in=Event.objects.published().values("pk"))
        .select_related("room", "venue")
        .order_by(*_HISTORY_ORDER)
    )
    people = (
        Participation.history.filter(event_id__in=Event.objects.published().values("pk"), session_id=None)
        .select_related("person")
        .order_by(*_HISTORY_ORDER)
    )
    histories = {pk: ProgrammeHistory(since=public_since(event)) for pk, event in public.items()}
    for record in records:
        if record.id in histories:
            histories[record.id].events.append(record)
    for record in people:
        if record.event_id in histories:
            histories[record.event_id].participations.append(record)
    return histories
