from django.db.models import Count, Prefetch, Q, QuerySet

from events.models import Event, Quote, Remark
from speakers.models import Participation, Person

PUBLISHED = Q(participations__event__status=Event.Status.PUBLISHED)


def person_list_public() -> QuerySet[Person]:
    return (
        Person.objects.filter(PUBLISHED)
        .annotate(appearance_count=Count("participations", filter=PUBLISHED, distinct=True))
        .order_by("sort_name", "name")
    )


def person_get_public(*, slug: str, include_drafts: bool = False) -> Person | None:
    """The person with every appearance, newest first, each with the position held then."""
    events = Event.objects.all() if include_drafts else Event.objects.filter(status=Event.Status.PUBLISHED)
    appearances = (
        Participation.objects.filter(event__in=events)
        .select_related("event__parent", "session", "organisation")
        .order_by("-event__start_date", "event__title", "order")
    )
    return (
        Person.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("participations", queryset=appearances, to_attr="appearances"),
            "aliases",
            Prefetch("remarks", queryset=_public_remarks(events)),
            Prefetch("quotes", queryset=_public_quotes(events)),
        )
        .first()
    )


def _public_remarks(events):
    return Remark.objects.filter(event__in=events).select_related("event")


def _public_quotes(events):
    return Quote.objects.filter(proceedings__event__in=events).select_related("proceedings__event")
