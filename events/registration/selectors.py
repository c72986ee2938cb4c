"""Reads for registration: whether an event takes registrations now, decided once for the page and the service."""

import datetime as dt
from enum import StrEnum

from django.utils import timezone

from events.models import Event, Registration
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
    if event.capacity is not None and places_taken(event=event) >= event.capacity:
        return RegistrationState.FULL
    return RegistrationState.OPEN


def places_taken(*, event: Event) -> int:
    """Confirmed registrants and those offered a freed place (held for them until they answer)."""
    return event.registrations.filter(status__in=Registration.HOLDING).count()


def places_free(*, event: Event) -> int | None:
    """None: no limit."""
    return None if event.capacity is None else max(event.capacity - places_taken(event=event), 0)


def waiting_list(*, event: Event):
    return event.registrations.filter(status=Registration.Status.WAITING).order_by("changed_at", "pk")


def waiting_position(*, registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = waiting_list(event=registration.event).filter(changed_at__lt=registration.changed_at).count()
    same_time = waiting_list(event=registration.event).filter(
        changed_at=registration.changed_at, pk__lt=registration.pk
    )
    return ahead + same_time.count() + 1


def data_kept_until(*, event: Event) -> dt.date | None:
    """The last day registrants' personal data is kept; registrations_purge erases it the day after."""
    if event.end_date is None:
        return None
    return event.end_date + dt.timedelta(days=event.retention_days)


def registration_kept_until(*, registration: Registration) -> dt.date | None:
    return data_kept_until(event=registration.event)


def registration_export(*, registration: Registration) -> dict:
    """Everything kept about a registrant, for their own download (the e-mails sent to them included)."""
    event = registration.event
    kept_until = registration_kept_until(registration=registration)
    checked_in = getattr(registration, "checked_in_at", None)
    return {
        "event": {"title": event.title, "start_date": _iso(event.start_date), "end_date": _iso(event.end_date)},
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "consent": registration.consent,
        "language": registration.language,
        "status": registration.status,
        "registered_at": _iso(registration.created_at),
        "status_since": _iso(registration.changed_at),
        "link_valid_until": _iso(registration.expires_at),
        "checked_in_at": _iso(checked_in),
        "personal_data_erased_at": _iso(registration.erased_at),
        "kept_until": _iso(kept_until),
        "emails": [
            {
                "kind": m.kind,
                "subject": m.subject,
                "status": m.status,
                "queued_at": _iso(m.created_at),
                "sent_at": _iso(m.sent_at),
            }
            for m in registration.messages.order_by("created_at", "pk")
        ],
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
