"""Open formats other tools read: iCalendar (RFC 5545)."""

import datetime as dt
import uuid

from django.utils.html import strip_tags

from events.models import Event, Session

# Stable identifiers across exports: derived from the natural key, never from the database id.
NAMESPACE = uuid.UUID("6f1c6a52-3b8e-4e0a-9d4f-0d8f3c1f5a10")


def stable_uid(kind: str, *key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *key))))


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


def _iso(event: Event, value) -> str | None:
    return event.local(value).isoformat() if value else None


def event_jsonld(event: Event, absolute) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url()),
        "startDate": _iso(event, event.starts_at) or (event.start_date.isoformat() if event.start_date else None),
        "endDate": _iso(event, event.ends_at) or (event.end_date.isoformat() if event.end_date else None),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "description": event.lede or event.subtitle or strip_tags(event.description)[:500],
        "organizer": [
            {"@type": "Organization", "name": eo.organisation.name, "url": absolute(eo.organisation.get_absolute_url())}
            for eo in event.event_organisations.all()
            if eo.role in ("organiser", "co_organiser")
        ],
        "performer": [
            {
                "@type": "Person",
                "name": p.person.name,
                "url": absolute(p.person.get_absolute_url()),
                **({"jobTitle": p.position} if p.position else {}),
            }
            for p in event.participations.all()
        ],
    }
    if event.venue or event.room:
        venue = event.venue
        data["location"] = {
            "@type": "Place",
            "name": _location(event.room, None) or (venue.name if venue else ""),
            **({"address": ", ".join(x for x in (venue.name, venue.address, venue.city) if x)} if venue else {}),
        }
    if event.parent_id and event.parent.is_published:
        data["superEvent"] = {
            "@type": "Event",
            "name": event.parent.title,
            "url": absolute(event.parent.get_absolute_url()),
        }
    children = [c for c in event.children.all()]
    if children:
        data["subEvent"] = [
            {"@type": "Event", "name": c.title, "url": absolute(c.get_absolute_url())} for c in children
        ]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def person_jsonld(person, absolute) -> dict:
    latest = person.appearances[0] if person.appearances else None
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
        "alternateName": [alias.name for alias in person.aliases.all()],
        "jobTitle": latest.position if latest else "",
        "description": strip_tags(person.bio)[:500],
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}
