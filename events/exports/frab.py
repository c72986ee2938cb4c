"""The frab / c3voc schedule format (schedule.xml, schedule.json), as Giggity, EventFahrplan and pretalx read it.

schedule_dict() builds the data once, in the JSON form (https://c3voc.de/schedule/schema.json); schedule_xml() is a
second serialisation of that same dict (https://c3voc.de/schedule/schema.xsd). The schedule events are the event's
sessions and its published side events (each one schedule event in its own room) or, when it has neither, the event
itself. Times are in the event's time zone, with their UTC offset. Identifiers come from natural keys through
stable_uid(), never from database ids, so every export of the same data carries the same ids and guids.

An item with no time at all (the 2014 colloquium's two parts) is an all-day item: on the event's first day (a side
event with a date but no time: on its date) from 00:00 for 24:00 hours, the way a schedule app shows a whole day;
no time of day is invented. The schedule's `version` is the number of public changes since publication (from the
programme's history, events.programme.programme_changes) and a digest of the content, so it changes whenever the
programme does and never goes back to an earlier value after an edit is undone.

What frab cannot carry: people placed in no schedule event (frab has no conference-level people), a
person's position at the time, organisers (a side event's organisers line goes into its abstract), venue addresses,
tracks (we have none: null in JSON, empty in XML) and, in the XML, a person's role (the JSON has it). Left out by
choice: patrons and attendees (frab's persons are the people on stage), biographies and photos. A place with neither
room nor venue is named NO_PLACE.
"""

import datetime as dt
import functools
import hashlib
import html
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NamedTuple

from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from events.documents.content import DocumentKind, available_kinds
from events.exports.ids import stable_uid
from events.languages import content_language
from events.models import Event, Session
from events.programme import ROLE_RANK, EventShape, Place, ProgrammeChanges, session_place
from speakers.models import Participation

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = "eventsite"
NO_PLACE = "Venue not specified"
# frab's persons are the people on stage: these roles are left out.
OFF_STAGE_ROLES = (Participation.Role.PATRON, Participation.Role.ATTENDEE)

_BLOCK_END = re.compile(r"</(?:p|h3|h4|blockquote|ul|ol)\s*>", re.IGNORECASE)
_LINE_END = re.compile(r"<br\s*/?>|</li\s*>", re.IGNORECASE)
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- Values in the shapes frab wants ------------------------------------------------------------------------------


def numeric_id(guid: str) -> int:
    """frab's legacy integer id, from a guid: positive and within a signed 32-bit int (Java clients)."""
    return int(guid.replace("-", "")[:8], 16) % (2**31 - 1) + 1


def acronym(slug: str) -> str:
    """The slug in the schemas' acronym pattern: lower case letters, digits and underscores, 4 or more."""
    return re.sub(r"[^a-z0-9_]", "_", slug.lower()).ljust(4, "_")


def _slug(conference: str, number: int, slug: str) -> str:
    tail = re.sub(r"[^a-z0-9_-]+", "-", slug.lower()).strip("-_") or "event"
    return f"{conference}-{number}-{tail}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plain_text(value: str) -> str:
    """Stored rich text as plain text: paragraphs kept as blank lines, tags dropped, entities decoded."""
    if not value:
        return ""
    text = html.unescape(strip_tags(_LINE_END.sub("\n", _BLOCK_END.sub("\n\n", value))))
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@functools.cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, info in LANG_INFO.items():
        if "-" in code or "name" not in info:
            continue
        for name in (info["name"], info.get("name_local", "")):
            if name:
                names.setdefault(name.lower(), code)
    return names


def language_code(text: str) -> str | None:
    """The ISO 639-1 code of the one language a text names ("English language only" → "en"), else None."""
    text = text.strip().lower()
    if not text:
        return None
    if "-" not in text and text in LANG_INFO:
        return text
    names = _language_names()
    codes = {names[word] for word in re.findall(r"\w+", text) if word in names}
    return codes.pop() if len(codes) == 1 else None


def item_language(declared: str, obj) -> str | None:
    """A schedule item's language: the one it is held in when the editor names it ("English language only"), else
    the language its text is actually shown in (a French schedule falls back to English per field)."""
    return language_code(declared) or content_language(obj, "title", "description")


# --- Building blocks -------------------------------------------------------------------------------------------


def _place(place: Place) -> tuple[str, str]:
    """(name, guid) of where an item takes place: the room with its floor, else the venue, else NO_PLACE."""
    if place.key is None:
        return NO_PLACE, stable_uid("no-place", NO_PLACE)
    return place.name, stable_uid(*place.key)


def _persons(participations, absolute) -> list[dict]:
    """One entry per person on stage, in programme order, with every role they have in the item."""
    people: dict[str, dict] = {}
    ordered = sorted(participations, key=lambda p: (ROLE_RANK.get(p.role, len(ROLE_RANK)), p.order, p.person.slug))
    for participation in ordered:
        if participation.role in OFF_STAGE_ROLES:
            continue
        role = str(participation.get_role_display())
        person = people.get(participation.person.slug)
        if person is not None:
            if role not in person["role"].split(", "):
                person["role"] += f", {role}"
            continue
        guid = stable_uid("person", participation.person.slug)
        # Not the deprecated numeric "id" too: with "name" it would match both of the schema's person kinds.
        people[participation.person.slug] = {
            "guid": guid,
            "name": participation.display_name,
            "public_name": participation.display_name,
            "role": role,
            "url": absolute(participation.person.get_absolute_url()),
        }
    return list(people.values())


def _link(url: str, title: str, kind: str) -> dict:
    return {"url": url, "title": title, "type": kind}


@dataclass
class _Item:
    """A schedule event before it is placed: its times (None when unknown), place, keys and other frab fields."""

    sort_key: tuple
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    day: dt.date | None
    place: tuple[str, str]
    guid: str
    slug: str
    fields: dict


def _live_stream_links(event: Event) -> list[dict]:
    live_stream = getattr(event, "live_stream", None)
    return [_link(live_stream.url, "Live stream", "media")] if live_stream is not None else []


def _event_item(shape: EventShape, *, sort_key: tuple, links: list, absolute) -> _Item:
    """A whole event as one schedule item: a side event in its conference, or an event without sessions."""
    event = shape.event
    return _Item(
        sort_key=sort_key,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        day=event.start_date,
        place=_place(shape.place),
        guid=stable_uid("event", event.slug),
        slug=event.slug,
        fields={
            "url": absolute(event.get_absolute_url()),
            "title": event.title,
            "subtitle": event.subtitle,
            "type": str(event.get_kind_display()),
            "language": item_language(event.language, event),
            "abstract": "\n\n".join(part for part in (event.lede, event.organisers_note) if part),
            "description": plain_text(event.description),
            # A side event is on stage as a whole; an event without sessions shows its event-level people.
            "persons": _persons(shape.everyone if shape.within else shape.people, absolute),
            "links": links,
        },
    )


def _session_item(shape: EventShape, session: Session, absolute) -> _Item:
    event = shape.event
    return _Item(
        sort_key=(0, session.order, session.slug),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        day=None,
        place=_place(session_place(event, session)),
        guid=stable_uid("session", event.slug, session.slug),
        slug=session.slug,
        fields={
            "url": absolute(session.get_absolute_url()),
            "title": session.title,
            "subtitle": "",
            "type": str(session.get_kind_display()),
            "language": item_language(session.language or event.language, session),
            "abstract": "",
            "description": plain_text(session.description),
            "persons": _persons(session.participations.all(), absolute),
            "links": _live_stream_links(event),
        },
    )


def _website_links(event: Event) -> list[dict]:
    return [_link(event.website, "Website", "web")] if event.website else []


def _items(shape: EventShape, absolute) -> list[_Item]:
    """The sessions and published side events or, when there are none, the event itself."""
    event = shape.event
    items = [_session_item(shape, session, absolute) for session in shape.sessions]
    items += [
        _event_item(
            EventShape(child, within=event),
            sort_key=(1, child.order, child.slug),
            links=_website_links(child),
            absolute=absolute,
        )
        for child in shape.side_events
    ]
    if items:
        return items
    links = _website_links(event) + _live_stream_links(event)
    if event.is_published:
        for kind in available_kinds(event):
            url = absolute(reverse("events:document", kwargs={"slug": event.slug, "kind": kind}))
            links.append(_link(url, f"{str(DocumentKind(kind).label).capitalize()} (PDF)", "paper"))
    return [_event_item(shape, sort_key=(0, 0, event.slug), links=links, absolute=absolute)]


class _Placed(NamedTuple):
    start: dt.datetime
    end: dt.datetime
    minutes: int
    item: _Item
    frab_event: dict


def _midnight(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)


# --- The schedule ------------------------------------------------------------------------------------------------


def schedule_dict(
    event: Event, absolute, *, language: str | None = None, changes: ProgrammeChanges | None = None
) -> dict:
    """The schedule of a prefetched event (events.selectors.event_get_for_feed) in the c3voc JSON form, in one
    language (default: the active one, from the URL's /fr/ prefix): its content, labels and URLs."""
    with translation.override(language or translation.get_language()):
        return _schedule_dict(event, absolute, changes or ProgrammeChanges())


ALL_DAY = dt.timedelta(days=1)


def _schedule_dict(event: Event, absolute, changes: ProgrammeChanges) -> dict:
    tz = event.tz
    conference_acronym = acronym(event.slug)
    items = _items(EventShape(event), absolute)

    # Days: the event's dates and every dated item's date, without gaps.
    dates = {item.starts_at.astimezone(tz).date() if item.starts_at else item.day for item in items}
    if event.start_date:
        dates |= {event.start_date, event.end_date or event.start_date}
    dates.discard(None)
    days = []
    if dates:
        first, last = min(dates), max(dates)
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]

    placed: list[_Placed] = []
    for item in items:
        if item.starts_at is not None:
            start = item.starts_at.astimezone(tz)
            end = item.ends_at.astimezone(tz) if item.ends_at else None
        elif item.day is not None or days:
            # Untimed: the whole day, not a zero-length item at midnight.
            start = _midnight(item.day or days[0], tz)
            end = _midnight(start.date() + ALL_DAY, tz)
        else:
            continue  # a draft with no date anywhere: no day to put it on
        minutes = int((end - start).total_seconds() // 60) if end else 0
        number = numeric_id(item.guid)
        frab_event = {
            "guid": item.guid,
            "id": number,
            "date": start.isoformat(),
            "start": start.strftime("%H:%M"),
            **({"end": end.isoformat()} if end else {}),
            "duration": _hhmm(minutes),
            "room": item.place[0],
            "slug": _slug(conference_acronym, number, item.slug),
            "track": None,
            **item.fields,
        }
        placed.append(_Placed(start, end or start, minutes, item, frab_event))
    placed.sort(key=lambda entry: (entry.start, entry.item.sort_key))

    json_days = []
    for index, day in enumerate(days, start=1):
        on_day = [entry for entry in placed if entry.start.date() == day]
        day_start = min((entry.start for entry in on_day), default=None)
        day_end = max((entry.end for entry in on_day), default=None)
        if day_start is None or day_start == day_end:
            day_start, day_end = _midnight(day, tz), _midnight(day + dt.timedelta(days=1), tz)
        by_room: dict[str, list[dict]] = {}
        for entry in on_day:
            by_room.setdefault(entry.item.place[0], []).append(entry.frab_event)
        json_days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": day_start.isoformat(),
                "day_end": day_end.isoformat(),
                "rooms": by_room,
            }
        )

    rooms: dict[str, str] = {}
    for entry in placed:
        rooms.setdefault(*entry.item.place)
    # The grid step: the largest one (up to an hour) that every known start time and duration falls on.
    timed = [entry for entry in placed if entry.item.starts_at is not None]
    slot = math.gcd(60, *(e.start.hour * 60 + e.start.minute for e in timed), *(e.minutes for e in timed))
    conference = {
        "acronym": conference_acronym,
        "title": event.title or event.slug,
        "start": days[0].isoformat() if days else "",
        "end": days[-1].isoformat() if days else "",
        "daysCount": len(days),
        "timeslot_duration": _hhmm(slot),
        "time_zone_name": event.timezone,
        "url": absolute(event.get_absolute_url()),
        "rooms": [{"name": name, "guid": guid} for name, guid in rooms.items()],
        "days": json_days,
    }
    # Same data, same version: clients compare it to tell a changed schedule. The count of public changes in front
    # keeps it moving forward when an edit is undone (same content as before, yet a change to announce).
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True).encode()).hexdigest()[:12]
    version = f"{len(changes.changes)}.{digest}"
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {"version": version, "base_url": absolute("/"), "conference": conference},
    }


# --- XML -----------------------------------------------------------------------------------------------------------

# Event fields in frab's order; "end" and the persons' roles have no place in the XML.
_XML_EVENT_FIELDS = (
    "date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type", "language",
    "abstract", "description",
)  # fmt: skip


def _element(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    # Attributes carry stored text too (a room's name): what XML 1.0 cannot hold is dropped there as in the text.
    return ET.SubElement(parent, tag, {name: _NOT_XML.sub("", value) for name, value in attributes.items()})


def _text(parent: ET.Element, tag: str, value, **attributes) -> ET.Element:
    element = _element(parent, tag, **attributes)
    element.text = _NOT_XML.sub("", str(value))
    return element


def schedule_xml(event: Event, absolute, *, changes: ProgrammeChanges | None = None) -> bytes:
    """schedule.xml: the data of schedule_dict() serialised as the c3voc XML schema wants it (UTF-8)."""
    data = schedule_dict(event, absolute, changes=changes)
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=data["generator"]["name"])
    _text(root, "version", schedule["version"])
    conference_element = ET.SubElement(root, "conference")
    _text(conference_element, "title", conference["title"])
    _text(conference_element, "acronym", conference["acronym"])
    if conference["days"]:
        _text(conference_element, "start", conference["start"])
        _text(conference_element, "end", conference["end"])
    _text(conference_element, "days", conference["daysCount"])
    _text(conference_element, "timeslot_duration", conference["timeslot_duration"])
    _text(conference_element, "base_url", schedule["base_url"])
    _text(conference_element, "url", conference["url"])
    _text(conference_element, "time_zone_name", conference["time_zone_name"])
    room_guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = ET.SubElement(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, frab_events in day["rooms"].items():
            room_element = _element(day_element, "room", name=room_name, guid=room_guids[room_name])
            for frab_event in frab_events:
                _event_xml(room_element, frab_event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event_xml(parent: ET.Element, frab_event: dict) -> None:
    element = ET.SubElement(parent, "event", id=str(frab_event["id"]), guid=frab_event["guid"])
    for field in _XML_EVENT_FIELDS:
        value = frab_event[field]
        if value is None and field == "language":
            continue
        _text(element, field, "" if value is None else value)
    persons = ET.SubElement(element, "persons")
    for person in frab_event["persons"]:
        _text(persons, "person", person["public_name"], id=str(numeric_id(person["guid"])), guid=person["guid"])
    links = ET.SubElement(element, "links")
    for link in frab_event["links"]:
        _text(links, "link", link["title"], href=link["url"], type=link["type"])
