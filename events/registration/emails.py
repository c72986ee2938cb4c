"""What each e-mail says, written in the registrant's language with the event's times in its own time zone.

Messages are composed when the change they tell about is made (in the same transaction) and stored in the outbox;
the worker only sends them. The calendar attachment is the iCal export's entry for the event (events.exports).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.exports.ical import event_alone_ical
from events.models import Event, OutboxMessage, Registration
from events.programme import EventShape
from events.registration.links import Purpose, absolute, registration_link
from events.registration.outbox import outbox_add

Kind = OutboxMessage.Kind

SUBJECTS = {
    Kind.CONFIRMATION: _("Your registration: %(title)s"),
    Kind.OPT_IN: _("Please confirm your registration: %(title)s"),
    Kind.WAITING: _("Waiting list: %(title)s"),
    Kind.OFFER: _("A place is free for you: %(title)s"),
    Kind.OFFER_EXPIRED: _("The place offered to you has gone: %(title)s"),
    Kind.CANCELLED: _("Registration cancelled: %(title)s"),
    Kind.REMINDER: _("Tomorrow: %(title)s"),
    Kind.NOTIFICATION: _("New registration: %(title)s"),
    Kind.DIGEST: _("Registrations of the day: %(title)s"),
}


def event_context(event: Event) -> dict:
    shape = EventShape(event)
    starts, ends = shape.times
    return {
        "event": event,
        "starts": starts,
        "ends": ends,
        "same_day": starts is not None and ends is not None and starts.date() == ends.date(),
        "one_day": event.start_date == event.end_date,
        "place": shape.place.line,
        "event_url": absolute(event.get_absolute_url()),
    }


def _render(kind: str, event: Event, language: str, context: dict) -> dict:
    with translation.override(language), timezone.override(event.tz):
        context = {**event_context(event), **context}
        body = render_to_string(f"emails/{kind}.txt", context)
        return {
            "subject": str(SUBJECTS[kind] % {"title": event.title}),
            "body": body,
            "html": render_to_string("emails/message.html", {**context, "body": body}),
        }


def registrant_email(registration: Registration, kind: str, **context) -> OutboxMessage | None:
    """Queue one of the registrant's messages (each kind once per registration)."""
    event = registration.event
    context = {
        "registration": registration,
        "manage_url": registration_link(registration, Purpose.MANAGE),
        "retention_days": event.retention_days,
        **context,
    }
    if kind == Kind.OPT_IN:
        context["confirm_url"] = registration_link(registration, Purpose.CONFIRM)
    if kind == Kind.OFFER:
        context["accept_url"] = registration_link(registration, Purpose.ACCEPT)
    ics = ""
    if kind in (Kind.CONFIRMATION, Kind.REMINDER):
        with translation.override(registration.language):
            ics = event_alone_ical(event, absolute).decode()
    return outbox_add(
        event=event,
        kind=kind,
        key=f"{kind}:{registration.pk}",
        recipients=[registration.email],
        ics=ics,
        registration=registration,
        **_render(kind, event, registration.language, context),
    )


def organiser_recipients(event: Event) -> list[str]:
    from events.permissions import event_editors

    if event.notify_email:
        return [event.notify_email]
    return sorted(set(event_editors(event).exclude(email="").values_list("email", flat=True)))


def organiser_email(
    event: Event, kind: str, key: str, registration: Registration | None = None, **context
) -> OutboxMessage | None:
    admin_url = absolute(f"/admin/events/registration/?event__id__exact={event.pk}")
    return outbox_add(
        event=event,
        kind=kind,
        key=key,
        recipients=organiser_recipients(event),
        registration=registration,
        **_render(
            kind, event, settings.LANGUAGE_CODE, {"admin_url": admin_url, "registration": registration, **context}
        ),
    )
