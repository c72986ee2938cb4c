"""Writes for people and their participations."""

from django.db import transaction

from events.models import Event, Organisation, Session
from speakers.models import Participation, Person


@transaction.atomic
def participation_create(
    *,
    person: Person,
    event: Event,
    role: str,
    session: Session | None = None,
    position: str = "",
    organisation: Organisation | None = None,
    order: int = 0,
) -> Participation:
    # Lock the person's row so two simultaneous bookings cannot both pass the overlap check.
    Person.objects.select_for_update().get(pk=person.pk)
    participation = Participation(
        person=person,
        event=event,
        session=session,
        role=role,
        position=position,
        organisation=organisation,
        order=order,
    )
    participation.full_clean()
    participation.save()
    return participation
