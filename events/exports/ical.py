"""iCalendar (RFC 5545): an event with its sessions and published side events, or a feed of events.

Everything printed comes from the event's shape (events.programme). Text from the database may hold any line
break (a raw admin POST is not cleaned): one-line properties (SUMMARY, LOCATION, the calendar's name) get their
line breaks folded into spaces, DESCRIPTION keeps its paragraphs as plain newlines, which the library escapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from django.utils.html import strip_tags

from events.exports.ids import stable_uid
from events.models import Event, Session
from events.programme import EventShape, Place, local_times, session_place, sorted_people
from speakers.models import Participation

_LINE_BREAKS = re.compile(r"\r\n?|[\n\v\f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Any run of white space, line breaks included, as one space."""
    return " ".join(text.split())


def paragraphs(*parts: str) -> str:
    """The non-empty parts, a blank line apart, every line break as a plain newline."""
    return "\n\n".join(_LINE_BREAKS.sub("\n", part).strip() for part in parts if part and part.strip())


def _people(participations: Iterable[Participation]) -> str:
    lines = []
    for p in participations:
        position = f", {p.position}" if p.position else ""
        lines.append(one_line(f"{p.get_role_display().capitalize()}: {p.display_name}{position}"))
    return "\n".join(lines)


def _vevent(*, uid: str, title: str, times: tuple, dates: tuple, place: Place, description: str, url: str):
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"{uid}@eventsite")
    vevent.add("summary", one_line(title))
    vevent.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # fixed: same data, same file
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


def event_vevent(shape: EventShape, absolute: Callable[[str], str]) -> object:
    event = shape.event
    return _vevent(
        uid=stable_uid("event", event.slug),
        title=event.title,
        times=shape.times,
        dates=(event.start_date, event.end_date),
        place=shape.place,
        description=paragraphs(event.subtitle, event.lede, strip_tags(event.description), _people(shape.everyone)),
        url=absolute(event.get_absolute_url()),
    )


def session_vevent(shape: EventShape, session: Session, absolute: Callable[[str], str]) -> object:
    event = shape.event
    return _vevent(
        uid=stable_uid("session", event.slug, session.slug),
        title=f"{session.title} ({event.title})",
        times=local_times(event, session.starts_at, session.ends_at),
        dates=(None, None) if session.starts_at else (event.start_date, event.end_date),
        place=session_place(event, session),
        description=paragraphs(strip_tags(session.description), _people(sorted_people(session.participations.all()))),
        url=absolute(session.get_absolute_url()),
    )


def _calendar(name: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//eventsite//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(name))
    return calendar


def event_ical(event: Event, absolute: Callable[[str], str]) -> bytes:
    """The event (prefetched by events.selectors.event_get_for_feed), its sessions and published side events."""
    shape = EventShape(event)
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(shape, absolute))
    for session in shape.sessions:
        calendar.add_component(session_vevent(shape, session, absolute))
    for child in shape.side_events:
        calendar.add_component(event_vevent(EventShape(child, within=event), absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_ical(events: Iterable[Event], absolute: Callable[[str], str]) -> bytes:
    calendar = _calendar("eventsite")
    for event in events:
        calendar.add_component(event_vevent(EventShape(event), absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_alone_ical(event: Event, absolute: Callable[[str], str]) -> bytes:
    """The event alone, without its programme: the entry a registrant's confirmation e-mail attaches."""
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(EventShape(event), absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()
