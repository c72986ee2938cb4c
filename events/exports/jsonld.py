"""schema.org JSON-LD for event pages, serialised from the event's shape (events.programme); speakers' is in
speakers/jsonld.py.

What search engines ask of an Event (https://schema.org/Event, Google's event rich results): name, dates, a
`location` (a Place with a PostalAddress; beside it a VirtualLocation when the event is streamed), `eventStatus`,
`eventAttendanceMode`, `organizer`, `performer`, and `offers` where the event takes registrations. Nothing is
invented: an address is split into its parts from the venue's own fields, and an event whose documents name no place
(the 2014 colloquium, the 2019 conference) gets a Place that says so, without an address.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext

from events.exports.frab import item_language
from events.models import Event, Venue
from events.programme import EventShape, Place, public_parent
from events.registration.selectors import RegistrationState, registration_state

SCHEMA = "https://schema.org/"
AVAILABILITY = {RegistrationState.OPEN: f"{SCHEMA}InStock", RegistrationState.FULL: f"{SCHEMA}SoldOut"}


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _event_ref(event: Event, absolute: Callable[[str], str]) -> dict:
    return {"@type": "Event", "name": event.title, "url": absolute(event.get_absolute_url())}


# --- Places ------------------------------------------------------------------------------------------------------

_POSTCODE_CITY = re.compile(r"^(?P<code>[A-Z]{0,3}-?\d[\dA-Z -]{2,8}?)\s+(?P<city>.+)$")


def postal_address(venue: Venue) -> dict:
    """The venue's address in parts: the street lines, then the city (named once), region, postal code, country.

    The stored address is free text as printed ("11 Times Square - 41st and 8th Avenue, New York, NY"); where it
    names the venue's city, what comes before is the street, a postal code glued to the city ("75001 Paris") is the
    postal code, and what follows (but the country) is the region ("NY")."""
    parts = [part.strip() for line in venue.address.splitlines() for part in line.split(",") if part.strip()]
    city, country = venue.city.strip(), venue.country.strip()
    street, region, postcode = parts, [], ""
    for index, part in enumerate(parts):
        glued = _POSTCODE_CITY.match(part)
        if city and part.casefold() == city.casefold():
            street, region = parts[:index], parts[index + 1 :]
            break
        if city and glued and glued["city"].casefold() == city.casefold():
            street, region, postcode = parts[:index], parts[index + 1 :], glued["code"]
            break
    region = [part for part in region if part.casefold() != country.casefold()]
    return _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(street),
            "addressLocality": city,
            "addressRegion": ", ".join(region),
            "postalCode": postcode,
            "addressCountry": country,
        }
    )


def place_jsonld(place: Place) -> dict:
    """A Place: the room (and floor) within the venue, and the venue's address; without a place, a Place that says
    none was stated (search engines expect a location on every event)."""
    if not place:
        return {"@type": "Place", "name": gettext("Place not stated")}
    name = ", ".join(part for part in (place.room_label, place.venue.name if place.venue else "") if part)
    data = {"@type": "Place", "name": name}
    if place.venue is not None:
        address = postal_address(place.venue)
        if len(address) > 1:  # more than its @type
            data["address"] = address
    return data


def _live_stream(event: Event):
    try:
        return event.live_stream
    except ObjectDoesNotExist:
        return None


# --- The event ---------------------------------------------------------------------------------------------------


def _offers(event: Event, absolute: Callable[[str], str]) -> dict | None:
    """Registration here is free; an offer only while it is open or full (a waiting list), not before or after."""
    state = registration_state(event=event)
    if state not in AVAILABILITY:
        return None
    return {
        "@type": "Offer",
        "url": absolute(reverse("events:register", kwargs={"slug": event.slug})),
        "price": "0",
        "availability": AVAILABILITY[state],
    }


def _performers(shape: EventShape, absolute: Callable[[str], str]) -> list[dict]:
    performers: dict[int | tuple[str, int], dict] = {}
    for participation in shape.everyone:  # one entry per person, at their first role
        person = participation.person
        organisation = participation.organisation
        performers.setdefault(
            person.pk,
            _compact(
                {
                    "@type": "Person",
                    "name": participation.display_name or person.name,
                    "url": absolute(person.get_absolute_url()),
                    "jobTitle": participation.position,
                    "affiliation": (
                        {
                            "@type": "Organization",
                            "name": organisation.name,
                            "url": absolute(organisation.get_absolute_url()),
                        }
                        if organisation
                        else None
                    ),
                }
            ),
        )
    # Organisations holding a role ("Moderator: OSCE and UN Women"): each an Organization performer, once. No url:
    # an organisation that organises nothing public has no public page.
    for role in shape.organisation_roles:
        for member in role.members.all():
            organisation = member.organisation
            short = organisation.short_name if organisation.short_name != organisation.name else ""
            performers.setdefault(
                ("organisation", organisation.pk),
                _compact({"@type": "Organization", "name": organisation.name, "alternateName": short}),
            )
    return list(performers.values())


def event_jsonld(event: Event | EventShape, absolute: Callable[[str], str]) -> dict:
    """An Event for the event's page: `absolute` makes a path an absolute URL (request.build_absolute_uri)."""
    # A side event without a venue of its own is held at its (public) conference's.
    shape = event if isinstance(event, EventShape) else EventShape(event, within=public_parent(event))
    event = shape.event
    starts_at, ends_at = shape.times
    start, end = starts_at or event.start_date, ends_at or event.end_date
    stream = _live_stream(event)
    location = [place_jsonld(shape.place)]
    if stream is not None:
        location.append({"@type": "VirtualLocation", "url": stream.url})
    offers = _offers(event, absolute)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url()),
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat() if end else None,
        "eventStatus": f"{SCHEMA}EventScheduled",
        "eventAttendanceMode": f"{SCHEMA}{'Mixed' if stream is not None else 'Offline'}EventAttendanceMode",
        "location": location[0] if len(location) == 1 else location,
        "description": event.lede or event.subtitle or strip_tags(event.description)[:500],
        # The language it is held in when the editor names it, else the one its name is shown in on this page.
        "inLanguage": item_language(event.language, event),
        "organizer": [
            {"@type": "Organization", "name": eo.organisation.name, "url": absolute(eo.organisation.get_absolute_url())}
            for eo in shape.organisers
        ],
        "performer": _performers(shape, absolute),
        "offers": offers,
        "isAccessibleForFree": True if offers else None,
    }
    if shape.parent is not None:
        data["superEvent"] = _event_ref(shape.parent, absolute)
    data["subEvent"] = [_event_ref(child, absolute) for child in shape.side_events]
    return _compact(data)
