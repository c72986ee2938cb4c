"""schema.org Person for a speaker page (the event side is events/exports/jsonld.py)."""

from collections.abc import Callable

from django.utils.html import strip_tags


def person_jsonld(person, absolute: Callable[[str], str]) -> dict:
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
