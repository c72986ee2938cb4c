"""Writes. Every change to events goes through these functions; the admin calls them too."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import (
    Event,
    Registration,
)


@transaction.atomic
def registration_create(*, event: Event, name: str, email: str, organisation: str = "", consent: bool) -> Registration:
    # Lock the event so two last-minute registrations cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED or not event.registration_open:
        raise ValidationError(_("Registration is not open for this event."))
    if event.end_date and event.end_date < timezone.localdate():
        raise ValidationError(_("This event is over."))
    if Registration.objects.filter(event=event, email__iexact=email).exists():
        raise ValidationError(_("This email address is already registered for this event."))
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(_("This event is full."))
    registration = Registration(event=event, name=name, email=email, organisation=organisation, consent=consent)
    registration.full_clean()
    registration.save()
    return registration
