"""iCalendar (RFC 5545): an event with its sessions and published side events, one session, or a feed of events.

Everything printed comes from the event's shape (events.programme). Text from the database may hold any line
break (a raw admin POST is not cleaned): one-line properties (SUMMARY, LOCATION, the calendar's name) get their
line breaks folded into spaces, DESCRIPTION keeps its paragraphs as plain newlines, which the library escapes.

Updates reach subscribers through the programme's history (events.programme.programme_changes): each VEVENT's
SEQUENCE counts its public changes (time, place, speakers) and LAST-MODIFIED is its last recorded edit. The
calendars carry no METHOD, so DTSTAMP equals LAST-MODIFIED (RFC 5545, 3.8.7.2); an item with no history is dated
by its event's last content change or publication, and only without either by the time of the export.

An untimed item (the 2014 parts) is all-day: DTSTART and DTEND are DATE values over the event's days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from django.utils import timezone

from events.exports.frab import plain_text
from events.exports.ids import stable_uid
from events.languages import content_language
from events.models import Event, Session
from events.programme import (
    EventShape,
    ItemKey,
    Place,
    ProgrammeChanges,
    local_times,
    session_place,
    sorted_people,
)
from speakers.models import Participation

_LINE_BREAKS = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")
NO_CHANGES = ProgrammeChanges()


def one_line(text: str) -> str:
    """Any run of white space, line breaks included, as one space."""
    return " ".join(text.split())


def paragraphs(*parts: str) -> str:
    """The non-empty parts, a blank line apart, every line break as a plain newline."""
    return "\n\n".join(_LINE_BREAKS.sub("\n", part).strip() for part in parts if part and part.strip())


# The role labels (lazy, in the active language). get_role_display() hashes every lazy choice on each call, one
# translation lookup per choice: for a feed of a thousand events it was a third of the time.
_ROLE_LABELS = dict(Participation.Role.choices)


def _people(participations: Iterable[Participation]) -> str:
    lines = []
    for p in participations:
        position = f", {p.position}" if p.position else ""
        role = str(_ROLE_LABELS.get(p.role, p.role))  # as get_role_display(): an unknown value prints as itself
        lines.append(one_line(f"{role.capitalize()}: {p.display_name}{position}"))
    return "\n".join(lines)


def _in_languages(vevent, summary: str | None, description: str | None):
    """RFC 5545's LANGUAGE parameter on SUMMARY and DESCRIPTION: the language each is shown in (a French calendar
    falls back to English per field), when it is known."""
    for name, language in (("summary", summary), ("description", description)):
        if language and name in vevent:
            vevent[name].params["LANGUAGE"] = language
    return vevent


def _fallback_stamp(event: Event) -> dt.datetime:
    """When an item without history last changed, as best known: the event's last content change, its
    publication, else now (the time the object is created, RFC 5545's own definition of DTSTAMP)."""
    return getattr(event, "content_changed_at", None) or event.published_at or timezone.now()


def _vevent(
    *,
    uid: str,
    title: str,
    times: tuple,
    dates: tuple,
    place: Place,
    description: str,
    url: str,
    item: ItemKey,
    changes: ProgrammeChanges,
    event: Event,
):
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"{uid}@eventsite")
    vevent.add("summary", one_line(title))
    modified = changes.modified.get(item)
    vevent.add("dtstamp", (modified or _fallback_stamp(event)).astimezone(dt.UTC))
    if modified is not None:
        vevent.add("last-modified", modified.astimezone(dt.UTC))
    vevent.add("sequence", changes.sequence.get(item, 0))
    start, end = times
    first_day, last_day = dates
    if start is not None:
        vevent.add("dtstart", start)
        if end is not None:
            vevent.add("dtend", end)
    elif first_day is not None:
        vevent.add("dtstart", first_day)
        vevent.add("dtend", (last_day or first_day) + dt.timedelta(days=1))
    if place:
        vevent.add("location", one_line(place.line))
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    return vevent


def event_vevent(shape: EventShape, absolute: Callable[[str], str], changes: ProgrammeChanges = NO_CHANGES) -> object:
    event = shape.event
    vevent = _vevent(
        uid=stable_uid("event", event.slug),
        title=event.title,
        times=shape.times,
        dates=(event.start_date, event.end_date),
        place=shape.place,
        description=paragraphs(event.subtitle, event.lede, plain_text(event.description), _people(shape.everyone)),
        url=absolute(event.get_absolute_url()),
        item=("event", event.slug),
        changes=changes,
        event=event,
    )
    return _in_languages(
        vevent, content_language(event, "title"), content_language(event, "subtitle", "lede", "description")
    )


def session_vevent(
    shape: EventShape, session: Session, absolute: Callable[[str], str], changes: ProgrammeChanges = NO_CHANGES
) -> object:
    event = shape.event
    vevent = _vevent(
        uid=stable_uid("session", event.slug, session.slug),
        title=f"{session.title} ({event.title})",
        times=local_times(event, session.starts_at, session.ends_at),
        dates=(None, None) if session.starts_at else (event.start_date, event.end_date),
        place=session_place(event, session),
        description=paragraphs(plain_text(session.description), _people(sorted_people(session.participations.all()))),
        url=absolute(session.get_absolute_url()),
        item=("session", session.slug),
        changes=changes,
        event=event,
    )
    return _in_languages(vevent, content_language(session, "title"), content_language(session, "description"))


def _calendar(name: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//eventsite//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(name))
    return calendar


def event_ical(event: Event, absolute: Callable[[str], str], changes: ProgrammeChanges = NO_CHANGES) -> bytes:
    """The event (prefetched by events.selectors.event_get_for_feed), its sessions and published side events;
    `changes`: programme_changes() of its history, for SEQUENCE and LAST-MODIFIED."""
    shape = EventShape(event)
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(shape, absolute, changes))
    for session in shape.sessions:
        calendar.add_component(session_vevent(shape, session, absolute, changes))
    for child in shape.side_events:
        calendar.add_component(event_vevent(EventShape(child, within=event), absolute, changes))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ical(session: Session, absolute: Callable[[str], str], changes: ProgrammeChanges = NO_CHANGES) -> bytes:
    """One session alone (events.selectors.session_get_for_feed): a participant's "add to my calendar"."""
    calendar = _calendar(f"{session.title} ({session.event.title})")
    calendar.add_component(session_vevent(EventShape(session.event), session, absolute, changes))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_ical(
    events: Iterable[Event], absolute: Callable[[str], str], changes: dict[int, ProgrammeChanges] | None = None
) -> bytes:
    """A feed of events, each alone; `changes`: each event's own programme_changes(), by event id."""
    calendar = _calendar("eventsite")
    for event in events:
        calendar.add_component(event_vevent(EventShape(event), absolute, (changes or {}).get(event.pk, NO_CHANGES)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_alone_ical(event: Event, absolute: Callable[[str], str]) -> bytes:
    """The event alone, without its programme: the entry a registrant's confirmation e-mail attaches."""
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(EventShape(event), absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()
