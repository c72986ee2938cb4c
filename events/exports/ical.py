"""Open formats other tools read: iCalendar (RFC 5545)."""

import datetime as dt

from django.utils.html import strip_tags

from events.exports.ids import stable_uid
from events.models import Event, Session

# Stable identifiers across exports: derived from the natural key, never from the database id.


def _location(room, venue) -> str:
    parts = []
    if room is not None:
        parts += [room.name, room.floor]
    if venue is not None:
        parts += [venue.name, venue.address.replace("\n", ", "), venue.city]
    return ", ".join(p for p in parts if p)


def _people(participations) -> str:
    lines = []
    for p in sorted(participations, key=lambda p: (p.order, p.pk)):
        position = f", {p.position}" if p.position else ""
        lines.append(f"{p.get_role_display().capitalize()}: {p.display_name}{position}")
    return "\n".join(lines)


def _vevent(*, uid: str, title: str, start, end, all_day_start=None, all_day_end=None, tz, location, description, url):
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"{uid}@eventsite")
    vevent.add("summary", title)
    vevent.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # fixed: same data, same file
    if start is not None:
        vevent.add("dtstart", start.astimezone(tz))
        if end is not None:
            vevent.add("dtend", end.astimezone(tz))
    elif all_day_start is not None:
        vevent.add("dtstart", all_day_start)
        vevent.add("dtend", (all_day_end or all_day_start) + dt.timedelta(days=1))
    if location:
        vevent.add("location", location)
    if description:
        vevent.add("description", description)
    vevent.add("url", url)
    return vevent


def event_vevent(event: Event, absolute) -> object:
    description = "\n\n".join(
        part
        for part in (event.subtitle, event.lede, strip_tags(event.description), _people(event.participations.all()))
        if part
    )
    return _vevent(
        uid=stable_uid("event", event.slug),
        title=event.title,
        start=event.starts_at,
        end=event.ends_at,
        all_day_start=event.start_date,
        all_day_end=event.end_date,
        tz=event.tz,
        location=_location(event.room, event.venue),
        description=description,
        url=absolute(event.get_absolute_url()),
    )


def session_vevent(event: Event, session: Session, absolute) -> object:
    description = "\n\n".join(
        part for part in (strip_tags(session.description), _people(session.participations.all())) if part
    )
    return _vevent(
        uid=stable_uid("session", event.slug, session.slug),
        title=f"{session.title} ({event.title})",
        start=session.starts_at,
        end=session.ends_at,
        all_day_start=None if session.starts_at else event.start_date,
        all_day_end=event.end_date,
        tz=event.tz,
        location=_location(session.room, event.venue),
        description=description,
        url=absolute(session.get_absolute_url()),
    )


def _calendar(name: str):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//eventsite//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ical(event: Event, absolute) -> bytes:
    """The event (a prefetched one), its sessions and its side events."""
    calendar = _calendar(event.title)
    calendar.add_component(event_vevent(event, absolute))
    for session in event.sessions.all():
        calendar.add_component(session_vevent(event, session, absolute))
    for child in event.children.all():
        calendar.add_component(event_vevent(child, absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def events_ical(events, absolute) -> bytes:
    calendar = _calendar("eventsite")
    for event in events:
        calendar.add_component(event_vevent(event, absolute))
    calendar.add_missing_timezones()
    return calendar.to_ical()


# --- schema.org JSON-LD --------------------------------------------------------------------------------------------
