"""Open formats other tools read: iCalendar (RFC 5545)."""

from django.utils.html import strip_tags

from events.exports.ical import _location
from events.models import Event


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
