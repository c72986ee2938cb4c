"""Writes for registration: the public form and the staff door pages call these and nothing else."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event, Registration
from events.permissions import can_edit_event
from events.registration.selectors import RegistrationState, registration_state

if TYPE_CHECKING:
    from events.permissions import User


def refusal(state: RegistrationState) -> ValidationError:
    messages = {
        RegistrationState.CLOSED: _("Registration is not open for this event."),
        RegistrationState.OVER: _("This event is over."),
        RegistrationState.FULL: _("This event is full."),
    }
    return ValidationError(messages[state], code=state.value)


@transaction.atomic
def registration_create(*, event: Event, name: str, email: str, organisation: str = "", consent: bool) -> Registration:
    # Lock the event row so concurrent registrations for the last place queue here and count one after another
    # (on SQLite the IMMEDIATE transaction already holds the database's write lock).
    # Whether it is public and open is read from the locked row (registration_state asks events.visibility).
    locked = Event.objects.select_for_update().filter(pk=event.pk).first()
    state = RegistrationState.CLOSED if locked is None else registration_state(event=locked)
    if state != RegistrationState.OPEN:
        raise refusal(state)
    if Registration.objects.filter(event=locked, email__iexact=email).exists():
        raise ValidationError(_("This email address is already registered for this event."), code="duplicate")
    registration = Registration(event=locked, name=name, email=email, organisation=organisation, consent=consent)
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, user: "User", present: bool = True) -> Registration:
    """Mark a registrant present at the door (present=False undoes a mistaken tap) for a user who may edit the event.

    A second tap keeps the first arrival time: two phones at the door may mark the same person."""
    if not can_edit_event(user, registration.event_id):
        raise PermissionDenied
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if present and locked.checked_in_at is None:
        locked.checked_in_at = timezone.now()
    elif not present:
        locked.checked_in_at = None
    locked.save(update_fields=["checked_in_at"])
    registration.checked_in_at = locked.checked_in_at
    return locked
