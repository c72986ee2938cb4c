"""schema.org JSON-LD for event and person pages, serialised from the event's shape (events.programme)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import strip_tags

from events.models import Event
from events.programme import EventShape


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _event_ref(event: Event, absolute: Callable[[str], str]) -> dict:
    return {"@type": "Event", "name": event.title, "url": absolute(event.get_absolute_url())}


def event_jsonld(event: Event | EventShape, absolute: Callable[[str], str]) -> dict:
    shape = event if isinstance(event, EventShape) else EventShape(event)
    event = shape.event
    starts_at, ends_at = shape.times
    performers = {}
    for participation in shape.everyone:  # one entry per person, at their first role
        person = participation.person
        performers.setdefault(
            person.pk,
            _compact(
                {
                    "@type": "Person",
                    "name": person.name,
                    "url": absolute(person.get_absolute_url()),
                    "jobTitle": participation.position,
                }
            ),
        )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url()),
        "startDate": (starts_at or event.start_date).isoformat() if (starts_at or event.start_date) else None,
        "endDate": (ends_at or event.end_date).isoformat() if (ends_at or event.end_date) else None,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "description": event.lede or event.subtitle or strip_tags(event.description)[:500],
        "organizer": [
            {"@type": "Organization", "name": eo.organisation.name, "url": absolute(eo.organisation.get_absolute_url())}
            for eo in shape.organisers
        ],
        "performer": list(performers.values()),
    }
    if shape.place:
        data["location"] = _compact({"@type": "Place", "name": shape.place.name, "address": shape.place.address})
    if shape.parent is not None:
        data["superEvent"] = _event_ref(shape.parent, absolute)
    data["subEvent"] = [_event_ref(child, absolute) for child in shape.side_events]
    return _compact(data)
