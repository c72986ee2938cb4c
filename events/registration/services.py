"""Writes for registration: the public form and the staff door pages call these and nothing else."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, OutboxMessage, Registration
from events.models.event import RegistrationNotify
from events.permissions import can_edit_event
from events.registration.selectors import (
    RegistrationState,
    places_free,
    registration_state,
    waiting_list,
    waiting_position,
)

if TYPE_CHECKING:
    from events.permissions import User


CONFIRM_WITHIN = dt.timedelta(hours=48)  # a double opt-in's link
ANSWER_WITHIN = dt.timedelta(hours=48)  # an offered place's link; never past the event's start
Status = Registration.Status
Kind = OutboxMessage.Kind


def refusal(state: RegistrationState) -> ValidationError:
    messages = {
        RegistrationState.CLOSED: _("Registration is not open for this event."),
        RegistrationState.OVER: _("This event is over."),
        RegistrationState.FULL: _("This event is full."),
    }
    return ValidationError(messages[state], code=state.value)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool,
    language: str | None = None,
    waiting_list: bool = False,
) -> Registration:
    """Register someone; on a full event, with waiting_list=True, put them on its waiting list. Their e-mails are
    written in `language`, by default the active one (the language of the page they registered on).

    Their e-mail (the confirmation, the address check of a double opt-in event, or the waiting list's) is queued in
    the same transaction, for the worker to send."""
    # Lock the event row so concurrent registrations for the last place queue here and count one after another
    # (on SQLite the IMMEDIATE transaction already holds the database's write lock).
    # Whether it is public and open is read from the locked row (registration_state asks events.visibility).
    locked = Event.objects.select_for_update().filter(pk=event.pk).first()
    state = RegistrationState.CLOSED if locked is None else registration_state(event=locked)
    if not (state == RegistrationState.OPEN or (state == RegistrationState.FULL and waiting_list)):
        raise refusal(state)
    existing = _active(locked).filter(email__iexact=email).first()
    if existing is not None and existing.status != Status.PENDING:
        raise ValidationError(_("This email address is already registered for this event."), code="duplicate")
    if existing is not None:
        # An unconfirmed registration asked for again: the new one (and its new link) replaces it.
        existing.delete()
    if locked.double_opt_in:
        status = Status.PENDING
    else:
        status = Status.CONFIRMED if state == RegistrationState.OPEN else Status.WAITING
    now = timezone.now()
    registration = Registration(
        event=locked, name=name, email=email, organisation=organisation, consent=consent,
        language=_language(language), status=status, changed_at=now,
        expires_at=now + CONFIRM_WITHIN if status == Status.PENDING else None,
    )  # fmt: skip
    registration.full_clean()
    registration.save()
    _tell(registration)
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


# --- E-mails, confirmation, cancellation and the waiting list --------------------------------------------------


def _language(code: str | None) -> str:
    code = (code or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _active(event: Event) -> QuerySet[Registration]:
    """Registrations that still count: not cancelled, personal data not erased."""
    return event.registrations.filter(erased_at__isnull=True).exclude(status=Status.CANCELLED)


def _lock(registration: Registration) -> tuple[Event, Registration]:
    # The event first, as registration_create does: the same order everywhere, so two writers never deadlock.
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    locked.event = event
    return event, locked


def _set_status(registration: Registration, status: str, *, expires_at: dt.datetime | None = None) -> None:
    registration.status, registration.changed_at, registration.expires_at = status, timezone.now(), expires_at
    registration.save(update_fields=["status", "changed_at", "expires_at"])


def _tell(registration: Registration) -> None:
    """Queue the registrant's e-mail about their new status, and the organisers' notice of a confirmed place."""
    from events.registration.emails import organiser_email, registrant_email

    event = registration.event
    if registration.status == Status.PENDING:
        registrant_email(registration, Kind.OPT_IN)
    elif registration.status == Status.WAITING:
        registrant_email(registration, Kind.WAITING, position=waiting_position(registration=registration))
    elif registration.status == Status.CONFIRMED:
        registrant_email(registration, Kind.CONFIRMATION)
        if event.registration_notify == RegistrationNotify.EACH:
            organiser_email(event, Kind.NOTIFICATION, key=f"notification:{registration.pk}", registration=registration)


def _event_over(event: Event) -> bool:
    return event.end_date is not None and event.end_date < timezone.localdate()


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """Double opt-in: the registrant followed their link. A place is held now if one is free, else they join the
    waiting list. A second click changes nothing."""
    event, locked = _lock(registration)
    if locked.status != Status.PENDING:
        return locked
    if locked.expires_at is not None and locked.expires_at <= timezone.now():
        raise ValidationError(_("This link has expired: please register again."), code="expired")
    state = registration_state(event=event)
    if state not in (RegistrationState.OPEN, RegistrationState.FULL):
        raise refusal(state)
    _set_status(locked, Status.CONFIRMED if state == RegistrationState.OPEN else Status.WAITING)
    _tell(locked)
    return locked


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel through the personal link (a pending, waiting or offered registration too). A freed place is offered
    to the first in line; the registrant is told by e-mail. Cancelling twice changes nothing."""
    from events.registration.emails import registrant_email

    event, locked = _lock(registration)
    if locked.status == Status.CANCELLED or locked.erased_at is not None:
        return locked
    freed = locked.holds_place
    _set_status(locked, Status.CANCELLED)
    registrant_email(locked, Kind.CANCELLED)
    if freed:
        waitlist_offer_next(event=event)
    return locked


def _answer_by(event: Event, now: dt.datetime) -> dt.datetime:
    deadline = now + ANSWER_WITHIN
    starts = event.starts_at
    if starts is None and event.start_date is not None:
        starts = dt.datetime.combine(event.start_date, dt.time.min, tzinfo=event.tz)
    return min(deadline, starts) if starts is not None and starts > now else deadline


@transaction.atomic
def waitlist_offer_next(*, event: Event) -> list[Registration]:
    """Offer the free places to the first in line, each by an e-mail with a link valid ANSWER_WITHIN (and never past
    the event's start); an offer not accepted in time goes to the next (registrations_expire)."""
    from events.registration.emails import registrant_email
    from events.visibility import is_public

    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not is_public(locked) or _event_over(locked):
        return []
    free = places_free(event=locked)
    candidates = list(waiting_list(event=locked)[:free] if free is not None else waiting_list(event=locked))
    now = timezone.now()
    deadline = _answer_by(locked, now)
    for registration in candidates:
        registration.event = locked
        _set_status(registration, Status.OFFERED, expires_at=deadline)
        registrant_email(registration, Kind.OFFER)
    if candidates:
        _schedule_expiry(deadline)
    return candidates


@task()
def offers_expire() -> int:
    """Queued for the moment an offered place expires: the next in line is offered it."""
    return registrations_expire()


def _schedule_expiry(when: dt.datetime) -> None:
    if offers_expire.get_backend().supports_defer:  # the database backend; send_reminders also sweeps
        offers_expire.using(run_after=when).enqueue()


@transaction.atomic
def waitlist_accept(*, registration: Registration) -> Registration:
    """The first in line takes the place offered to them (a second click changes nothing)."""
    _event, locked = _lock(registration)
    if locked.status == Status.CONFIRMED:
        return locked
    if locked.status != Status.OFFERED:
        raise ValidationError(_("This offer is no longer valid."), code="gone")
    if locked.expires_at is not None and locked.expires_at <= timezone.now():
        raise ValidationError(_("This offer has expired: the place went to the next person in line."), code="expired")
    _set_status(locked, Status.CONFIRMED)
    _tell(locked)
    return locked


def registrations_expire(*, now: dt.datetime | None = None) -> int:
    """Withdraw the offers not accepted in time (their holders are told) and offer those places, and any other free
    place (capacity raised), to the next in line. Returns how many offers expired; safe to run at any time."""
    from events.registration.emails import registrant_email

    now = now or timezone.now()
    expired = 0
    overdue = Registration.objects.filter(status=Status.OFFERED, expires_at__lte=now)
    for event_id in sorted(set(overdue.values_list("event_id", flat=True))):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            for registration in overdue.filter(event=event).select_for_update():
                registration.event = event
                _set_status(registration, Status.CANCELLED)
                registrant_email(registration, Kind.OFFER_EXPIRED)
                expired += 1
            waitlist_offer_next(event=event)
    for event in Event.objects.filter(registrations__status=Status.WAITING).distinct():
        waitlist_offer_next(event=event)
    return expired


# --- Reminders and the organisers' digest (the daily `send_reminders` command) -------------------------------


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """The day before an event (in its time zone), a reminder to each confirmed registrant; never two."""
    from events.registration.emails import registrant_email

    now = now or timezone.now()
    sent = 0
    today = timezone.localdate(now)
    upcoming = Event.objects.published().filter(start_date__range=(today, today + dt.timedelta(days=2)))
    for event in upcoming:
        if event.start_date != timezone.localtime(now, event.tz).date() + dt.timedelta(days=1):
            continue
        due = event.registrations.filter(status=Status.CONFIRMED, erased_at__isnull=True).exclude(
            messages__kind=Kind.REMINDER
        )
        for registration in due:
            with transaction.atomic():
                registration.event = event
                sent += registrant_email(registration, Kind.REMINDER) is not None
    return sent


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Organisers who chose a daily digest get the registrations since the previous one, once a day at most."""
    from events.registration.emails import organiser_email

    now = now or timezone.now()
    sent = 0
    recent = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate(now) - dt.timedelta(days=2))
    daily = Event.objects.filter(recent, registration_notify=RegistrationNotify.DAILY)
    for event in daily.filter(registrations__created_at__gt=now - dt.timedelta(days=2)).distinct():
        key = f"digest:{event.pk}:{timezone.localtime(now, event.tz).date().isoformat()}"
        if OutboxMessage.objects.filter(key=key).exists():
            continue
        previous = OutboxMessage.objects.filter(event=event, kind=Kind.DIGEST).order_by("-created_at").first()
        since = previous.created_at if previous else now - dt.timedelta(days=1)
        new = list(
            event.registrations.filter(created_at__gt=since, created_at__lte=now, erased_at__isnull=True).order_by(
                "created_at"
            )
        )
        if not new:
            continue
        with transaction.atomic():
            message = organiser_email(
                event, Kind.DIGEST, key=key, registrations=new,
                confirmed=event.registrations.filter(status=Status.CONFIRMED).count(),
                waiting=waiting_list(event=event).count(),
            )  # fmt: skip
        sent += message is not None
    return sent


# --- Personal data -----------------------------------------------------------------------------------------


def _erase(registrations: QuerySet[Registration]) -> int:
    """Blank the personal data of these registrations (the rows stay, for the counts) and delete their e-mails."""
    OutboxMessage.objects.filter(registration__in=registrations).delete()
    return registrations.filter(erased_at__isnull=True).update(
        name="", email="", organisation="", erased_at=timezone.now()
    )


@transaction.atomic
def registration_erase(*, registration: Registration) -> Registration:
    """A registrant's request, through their personal link: their place is given up (before the event) and their
    name, address and organisation are erased at once, with every e-mail kept for them. Nothing is sent."""
    event, locked = _lock(registration)
    if locked.erased_at is not None:
        return locked
    freed = locked.holds_place and not _event_over(event)
    if not _event_over(event):
        _set_status(locked, Status.CANCELLED)
    _erase(Registration.objects.filter(pk=locked.pk))
    if freed:
        waitlist_offer_next(event=event)
    locked.refresh_from_db()
    return locked


def registrations_purge(*, today: dt.date | None = None) -> int:
    """Erase the personal data of registrants of events that ended more than their retention period ago, and the
    e-mails kept for those events (digests name registrants). Rows stay, with their status and check-in, for the
    statistics. Returns how many registrations were erased: a second run erases none."""
    today = today or timezone.localdate()
    erased = 0
    ended = Event.objects.filter(end_date__lt=today, registrations__erased_at__isnull=True).distinct()
    for event in ended:
        if event.end_date + dt.timedelta(days=event.retention_days) >= today:
            continue
        with transaction.atomic():
            erased += _erase(event.registrations.all())
            OutboxMessage.objects.filter(event=event).delete()
    return erased
