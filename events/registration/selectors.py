"""Reads for registration: whether an event takes registrations now, decided once for the page and the service."""

import datetime as dt
from enum import StrEnum

from django.utils import timezone

from events.models import Event
from events.visibility import is_public


class RegistrationState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # not public, or registration not opened by the organisers
    OVER = "over"
    FULL = "full"


def registration_state(*, event: Event, today: dt.date | None = None) -> RegistrationState:
    if not is_public(event) or not event.registration_open:
        return RegistrationState.CLOSED
    if event.end_date is not None and event.end_date < (today or timezone.localdate()):
        return RegistrationState.OVER
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        return RegistrationState.FULL
    return RegistrationState.OPEN
