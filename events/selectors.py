"""Reused reads. Each selector decides its own select_related/prefetch_related so pages stay N+1 free."""

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


def event_list_public() -> QuerySet[Event]:
    return (
        event_queryset_public()
        .filter(Q(parent__isnull=True) | ~Q(parent__status=Event.Status.PUBLISHED))
        .select_related("venue", "parent")
        .prefetch_related(
            _organisations_prefetch(),
            Prefetch("children", queryset=event_queryset_public().order_by("start_date", "starts_at", "order")),
        )
        .order_by("-start_date", "title")
    )


def event_get_for_document(*, slug: str, include_drafts: bool = False) -> Event:
    """An event with everything its pages and documents print, in a fixed number of queries."""
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
    event = (
        event_queryset_public(include_drafts=include_drafts)
        .select_related("venue", "room", "parent", "live_stream")
        .prefetch_related(
            _organisations_prefetch(),
            _participations_prefetch(),
            Prefetch("sessions", queryset=sessions),
            Prefetch("children", queryset=children),
            Prefetch("kit_sections", queryset=kit_sections),
            Prefetch("remarks", queryset=Remark.objects.select_related("speaker")),
            Prefetch("contacts", queryset=Contact.objects.select_related("person", "organisation")),
            "live_stream__links",
        )
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
