"""schema.org Person for a speaker page (the event side is events/exports/jsonld.py).

From what the page already loaded (speakers.selectors.person_get_public): the position and organisation held at the
latest appearance, the events appeared in (each once, newest first), the photo and the website.
"""

from collections.abc import Callable

from django.utils.html import strip_tags


def person_jsonld(person, absolute: Callable[[str], str]) -> dict:
    latest = person.appearances[0] if person.appearances else None
    events = {}
    for appearance in person.appearances:  # newest first: one entry per event
        event = appearance.event
        events.setdefault(event.pk, {"@type": "Event", "name": event.title, "url": absolute(event.get_absolute_url())})
    organisation = latest.organisation if latest else None
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
        "honorificPrefix": person.honorific,
        "alternateName": [alias.name for alias in person.aliases.all()],
        "jobTitle": latest.position if latest else "",
        "affiliation": (
            {"@type": "Organization", "name": organisation.name, "url": absolute(organisation.get_absolute_url())}
            if organisation
            else None
        ),
        "image": absolute(person.photo.url) if person.photo else None,
        "sameAs": [person.website] if person.website else [],
        "performerIn": list(events.values()),
        "description": strip_tags(person.bio)[:500],
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}
