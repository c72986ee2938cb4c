"""Reused reads. Each selector decides its own select_related/prefetch_related so pages stay N+1 free."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from events.models import (
    Contact,
    Event,
    EventOrganisation,
    KitSection,
    Organisation,
    Proceedings,
    Publication,
    Remark,
    Session,
    Tool,
)
from speakers.models import Participation


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


def event_queryset_public(*, include_drafts: bool = False) -> QuerySet[Event]:
    events = Event.objects.all()
    if not include_drafts:
        events = events.filter(status=Event.Status.PUBLISHED)
    return events


def event_list_public(*, years: list[int] | None = None, upcoming_from=None) -> QuerySet[Event]:
    """Top-level published events (side events come with their conference), optionally of some years only,
    plus those still to come."""
    events = event_queryset_public()
    if years is not None:
        in_years = Q(start_date__year__in=years)
        events = events.filter(in_years | Q(end_date__gte=upcoming_from) if upcoming_from else in_years)
    return (
        events.filter(Q(parent__isnull=True) | ~Q(parent__status=Event.Status.PUBLISHED))
        .select_related("venue", "parent")
        .prefetch_related(
            _organisations_prefetch(),
            Prefetch("children", queryset=event_queryset_public().order_by("start_date", "starts_at", "order")),
        )
        .order_by("-start_date", "title")
    )


def event_get_for_document(*, slug: str, include_drafts: bool = False, with_kit: bool = True) -> Event:
    """An event with everything its pages and documents print, in a fixed number of queries.

    with_kit=False leaves out the participant kit's sections, statistics, tools and legal texts (web pages).
    """
    children = (
        event_queryset_public(include_drafts=include_drafts)
        .select_related("room", "venue")
        .prefetch_related(_organisations_prefetch(), _participations_prefetch())
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
        _organisations_prefetch(),
        _participations_prefetch(),
        Prefetch("sessions", queryset=sessions),
        Prefetch("children", queryset=children),
        Prefetch("remarks", queryset=Remark.objects.select_related("speaker")),
        Prefetch("contacts", queryset=Contact.objects.select_related("person", "organisation")),
        "live_stream__links",
    ]
    if with_kit:
        prefetches.append(Prefetch("kit_sections", queryset=kit_sections))
    event = (
        event_queryset_public(include_drafts=include_drafts)
        .select_related("venue", "room", "parent", "live_stream", "proceedings")
        .prefetch_related(*prefetches)
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404("No such event")
    return event


def proceedings_get(*, event: Event) -> Proceedings | None:
    return (
        Proceedings.objects.filter(event=event)
        .prefetch_related(
            "sections__quotes__speaker",
            "takeaways__quotes__speaker",
            "quotes__speaker",
        )
        .first()
    )


def organisation_list_public() -> QuerySet[Organisation]:
    return Organisation.objects.filter(event_roles__event__status=Event.Status.PUBLISHED).distinct()


def publication_queryset_public() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    detail: str


SEARCH_LIMIT = 200


def search(
    *, q: str = "", year: int | None = None, kind: str = "", organisation: Organisation | None = None
) -> list[SearchHit]:
    """Published events, sessions, speakers and remarks matching the text and filters, events first."""
    from speakers.models import Person

    events = event_queryset_public().select_related("parent")
    if year:
        events = events.filter(start_date__year=year)
    if kind:
        events = events.filter(kind=kind)
    if organisation is not None:
        events = events.filter(event_organisations__organisation=organisation).distinct()
    sessions = Session.objects.filter(event__in=events).select_related("event")
    people = Person.objects.filter(participations__event__in=events).distinct()
    remarks = Remark.objects.filter(event__in=events).select_related("event", "speaker")
    if q:
        events = events.filter(
            Q(title__icontains=q) | Q(subtitle__icontains=q) | Q(lede__icontains=q) | Q(description__icontains=q)
        )
        sessions = sessions.filter(Q(title__icontains=q) | Q(description__icontains=q))
        people = people.filter(
            Q(name__icontains=q) | Q(aliases__name__icontains=q) | Q(participations__position__icontains=q)
        ).distinct()
        remarks = remarks.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(speaker__name__icontains=q))
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


def search_years() -> list[int]:
    return [d.year for d in event_queryset_public().dates("start_date", "year", order="DESC")]
