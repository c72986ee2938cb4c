"""Reads for people pages. What is public comes from events.visibility (people_visible_to, count_through_visible_events)."""

from django.db.models import Prefetch, QuerySet

from events.models import Event, Quote, Remark
from events.visibility import count_through_visible_events, people_public, people_visible_to
from speakers.models import Participation, Person


def person_list_public() -> QuerySet[Person]:
    """The speaker directory: every public person (events.visibility.people_public), with their published
    appearances counted."""
    return (
        people_public()
        .annotate(appearance_count=count_through_visible_events(None, "participations__event", "participations"))
        .order_by("sort_name", "name")
    )


def person_get_public(*, slug: str, user=None) -> Person | None:
    """The person with every appearance `user` may see (anonymous: published), newest first, each with the
    position held then; None when the person has nothing `user` may see.

    A person's draft appearances are shown only to those who may edit those events.
    """
    events = Event.objects.visible_to(user)
    appearances = (
        Participation.objects.filter(event__in=events)
        .select_related("event", "session", "organisation")
        .order_by("-event__start_date", "event__title", "order")
    )
    return (
        people_visible_to(user)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("participations", queryset=appearances, to_attr="appearances"),
            "aliases",
            Prefetch("remarks", queryset=Remark.objects.filter(event__in=events).select_related("event")),
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(proceedings__event__in=events).select_related("proceedings__event"),
            ),
        )
        .first()
    )
