"""Variants of defect 8: every text an export prints, not only the title, DOI, URL and language, carries line
breaks, a calendar component, BibTeX braces and TeX; each export still parses as exactly what it should be."""

import json
import xml.etree.ElementTree as ET

import icalendar
import pytest

from events.models import EventOrganisation, Organisation, Proceedings, Room, Session, Venue
from events.services import event_publish
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

PAYLOAD = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:owned\u2028} @misc{owned, title={\\input{/etc/passwd}}\x0b\x0c"


@pytest.fixture
def poisoned(events) -> str:
    """Org B's published event, with the payload in every text field the exports print."""
    event = events["b_published"]
    venue = Venue.objects.create(slug="poison-venue", name=f"Venue {PAYLOAD}", city=f"City {PAYLOAD}",
                                 address=f"Street {PAYLOAD}")  # fmt: skip
    room = Room.objects.create(slug="poison-room", name=f"Room {PAYLOAD}", venue=venue)
    for name, value in {"title": f"Title {PAYLOAD}", "subtitle": PAYLOAD, "lede": PAYLOAD, "language": PAYLOAD,
                        "website": "https://example.org/a}b{c\\d"}.items():  # fmt: skip
        setattr(event, name, value)
    event.venue, event.room = venue, room
    event.save()
    organisation = Organisation.objects.create(slug="poison-org", name=f"Org {PAYLOAD}")
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
    person = Person.objects.create(slug="poison-person", name=f"Person {PAYLOAD}")
    session = Session.objects.create(event=event, slug="poison-session", title=f"Session {PAYLOAD}",
                                     description=PAYLOAD, room=room, starts_at=event.start_date and None)  # fmt: skip
    Participation.objects.create(event=event, person=person, position=PAYLOAD, organisation=organisation)
    Participation.objects.create(event=event, session=session, person=person, position=PAYLOAD)
    Proceedings.objects.create(event=event, title=f"Proceedings {PAYLOAD}", doi=f"10.1/{PAYLOAD}")
    event_publish(event=event)
    return event.slug


def test_calendars_hold_one_event_each_whatever_the_text(client, poisoned):
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{poisoned}/calendar.ics").content)
    feed = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    summaries = [str(c["SUMMARY"]) for c in calendar.walk("VEVENT")]
    assert [s for s in summaries if s == "owned"] == []
    assert [str(c["SUMMARY"]) for c in feed.walk("VEVENT")].count("owned") == 0
    assert all("\n" not in str(c.get("LOCATION", "")) for c in calendar.walk("VEVENT"))


def test_schedules_parse_whatever_the_text(client, poisoned):
    """XML 1.0 cannot hold most control characters, in text or in attributes (a room's name)."""
    xml = client.get(f"/events/{poisoned}/schedule.xml").content
    rooms = ET.fromstring(xml).findall("day/room")  # noqa: S314 - our own output, not untrusted input
    assert [room.get("name") for room in rooms] == [f"Room {PAYLOAD}".replace("\x0b", "").replace("\x0c", "")]
    schedule = json.loads(client.get(f"/events/{poisoned}/schedule.json").content)
    assert schedule["schedule"]["conference"]["title"] == f"Title {PAYLOAD}"


def test_bibtex_holds_one_entry_with_balanced_braces(client, poisoned):
    bibtex = client.get(f"/events/{poisoned}/proceedings/cite.bib").content.decode()
    lines = bibtex.splitlines()
    depth, lowest = 0, 0
    for char in bibtex.replace("\\textbraceleft{}", "").replace("\\textbraceright{}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        lowest = min(lowest, depth)
    # An "@" inside a braced field is text to BibTeX: only a brace could end the entry early.
    assert (bibtex.startswith("@proceedings{"), depth, lowest) == (True, 0, 0)
    assert [line for line in lines[1:-1] if not line.startswith("  ")] == []
    assert "\\input" not in bibtex.replace("\\textbackslash{}input", "")


def test_csl_json_round_trips_the_text(client, poisoned):
    (csl,) = json.loads(client.get(f"/events/{poisoned}/proceedings/cite.json").content)
    assert csl["title"] == f"Proceedings {PAYLOAD}"
