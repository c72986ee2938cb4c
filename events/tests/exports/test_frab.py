"""frab / c3voc schedule export (events/exports/frab.py, events/exports/views.py), checked against the c3voc schemas in shared/."""

import datetime as dt
import functools
import io
import json
import xml.etree.ElementTree as ET
import zoneinfo
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from events.exports import frab
from events.exports.ids import stable_uid
from events.models import Event, Session

# The marker routes the two views until events/urls.py does; the tests use plain paths, so they pass either way.
pytestmark = pytest.mark.django_db

EVENT_2014 = "digital-society-2014"
EVENT_2018 = "combating-online-sex-trafficking-2018"
EVENT_2019 = "alliance-19-2019"
SLUGS = [EVENT_2014, EVENT_2018, EVENT_2019]
TEXT_FIELDS = (
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "type",
    "abstract",
    "description",
)
OFF_STAGE = {"patron", "attendee"}


@functools.cache
def _xsd(path: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(path)


def _json_validator(path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def _get(client, slug: str, ext: str):
    response = client.get(f"/events/{slug}/schedule.{ext}")
    assert response.status_code == 200
    return response


def _xml(client, slug: str) -> bytes:
    return _get(client, slug, "xml").content


def _json(client, slug: str) -> dict:
    return json.loads(_get(client, slug, "json").content)


def _parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own output, not untrusted input


def _xml_events(content: bytes) -> dict[str, dict]:
    """Every schedule event of a schedule.xml by guid, with its day and room element."""
    events = {}
    for day in _parse(content).findall("day"):
        for room in day.findall("room"):
            for event in room.findall("event"):
                language = event.find("language")
                events[event.get("guid")] = {
                    "id": int(event.get("id")),
                    "day": day.get("date"),
                    "room_element": room.get("name"),
                    **{field: event.findtext(field) or "" for field in TEXT_FIELDS},
                    "track": event.findtext("track"),
                    "language": None if language is None else language.text,
                    "persons": [(p.get("guid"), p.text) for p in event.iterfind("persons/person")],
                    "person_ids": [int(p.get("id")) for p in event.iterfind("persons/person")],
                    "links": [(link.get("href"), link.text, link.get("type")) for link in event.iterfind("links/link")],
                }
    return events


def _json_events(data: dict) -> dict[str, dict]:
    events = {}
    for day in data["schedule"]["conference"]["days"]:
        for room_name, room_events in day["rooms"].items():
            for event in room_events:
                events[event["guid"]] = {
                    "id": event["id"],
                    "day": day["date"],
                    "room_element": room_name,
                    **{field: event[field] for field in TEXT_FIELDS},
                    "track": event["track"] or "",
                    "language": event["language"],
                    "persons": [(p["guid"], p["public_name"]) for p in event["persons"]],
                    "person_ids": [frab.numeric_id(p["guid"]) for p in event["persons"]],
                    "links": [(link["url"], link["title"], link["type"]) for link in event["links"]],
                }
    return events


def _on_stage_names(participations) -> list[str]:
    names = {}
    for participation in participations:
        if participation.role not in OFF_STAGE:
            names.setdefault(participation.person.slug, participation.display_name)
    return sorted(names.values())


def _hhmm(delta: dt.timedelta) -> str:
    minutes = delta // dt.timedelta(minutes=1)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- The schemas --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_xml_validates_against_the_xsd(client, shared_dir, slug):
    schema = _xsd(shared_dir / "schemas" / "frab-schedule.xsd")
    assert [error.reason for error in schema.iter_errors(io.BytesIO(_xml(client, slug)))] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_json_validates_against_the_json_schema(client, shared_dir, slug):
    validator = _json_validator(shared_dir / "schemas" / "frab-schedule.schema.json")
    # Without their optional packages, jsonschema skips these formats silently.
    assert {"date", "date-time", "uri", "uuid"} <= set(validator.format_checker.checkers)
    data = _json(client, slug)
    assert [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)] == []
    assert data["$schema"] == "https://c3voc.de/schedule/schema.json"


def test_schemas_reject_what_they_should(client, shared_dir):
    """The validations above are real: a hyphenated acronym is refused by both schemas."""
    validator = _json_validator(shared_dir / "schemas" / "frab-schedule.schema.json")
    data = _json(client, EVENT_2019)
    data["schedule"]["conference"]["acronym"] = "alliance-19-2019"
    assert len(list(validator.iter_errors(data))) == 1
    xml = _xml(client, EVENT_2019).replace(b"-1925846104-", b"-1925846104-X")
    assert len(list(_xsd(shared_dir / "schemas" / "frab-schedule.xsd").iter_errors(io.BytesIO(xml)))) == 1


# --- Round trip: our output against the database -----------------------------------------------------------------


def test_2019_side_events_round_trip(client):
    events = _xml_events(_xml(client, EVENT_2019))
    conference = Event.objects.get(slug=EVENT_2019)
    children = list(conference.children.filter(status=Event.Status.PUBLISHED))
    assert len(events) == len(children) == 5
    vienna = zoneinfo.ZoneInfo("Europe/Vienna")
    for child in children:
        event = events[stable_uid("event", child.slug)]
        local = child.starts_at.astimezone(vienna)
        assert event["title"] == child.title
        assert event["date"] == local.isoformat()
        assert event["start"] == local.strftime("%H:%M")
        assert event["duration"] == _hhmm(child.ends_at - child.starts_at)
        assert event["day"] == local.date().isoformat()
        assert event["room"] == event["room_element"] == str(child.room)
        assert event["type"] == "side event"
        assert event["language"] == "en"
        assert event["url"] == f"http://testserver/events/{child.slug}/"
        assert sorted(name for _guid, name in event["persons"]) == _on_stage_names(child.participations.all())

    icat = events[stable_uid("event", "alliance-2019-icat")]
    assert (icat["day"], icat["date"], icat["start"], icat["duration"]) == (
        "2019-04-08",
        "2019-04-08T13:15:00+02:00",
        "13:15",
        "00:45",
    )
    assert icat["room"] == "Bibliotheksaal, 5th floor"
    assert icat["abstract"] == (
        "Side event organized by the United Nations Inter-Agency Coordination Group against trafficking in persons (ICAT)"
    )
    assert icat["description"].startswith("The United Nations Inter-Agency Coordination Group")
    assert "\n\n" in icat["description"]
    assert "<" not in icat["description"]
    assert [name for _guid, name in icat["persons"]] == [
        "John Richmond",
        "Neil Bush",
        "Ilias Chatzis",
        "Youla Haddadin",
        "Larysa Belskaya",
        "Elisa Trossero",
    ]


def test_2019_days_and_rooms(client):
    root = _parse(_xml(client, EVENT_2019))
    assert root.findtext("conference/acronym") == "alliance_19_2019"
    assert root.findtext("conference/time_zone_name") == "Europe/Vienna"
    assert root.findtext("conference/days") == "2"
    assert root.findtext("conference/timeslot_duration") == "00:15"
    days = [
        (day.get("index"), day.get("date"), day.get("start"), day.get("end"), [r.get("name") for r in day])
        for day in root.findall("day")
    ]
    assert days == [
        ("1", "2019-04-08", "2019-04-08T13:15:00+02:00", "2019-04-08T14:00:00+02:00", ["Bibliotheksaal, 5th floor"]),
        (
            "2",
            "2019-04-09",
            "2019-04-09T13:30:00+02:00",
            "2019-04-09T14:45:00+02:00",
            ["Room 525, 5th floor", "Room 532, 5th floor", "Room 531, 5th floor", "Room 533, 5th floor"],
        ),
    ]


def test_2018_colloquium_is_its_own_schedule_event(client):
    data = _json(client, EVENT_2018)
    events = list(_json_events(data).values())
    assert len(events) == 1
    event = events[0]
    colloquium = Event.objects.get(slug=EVENT_2018)
    assert event["title"] == colloquium.title == "Combating Online Sex Trafficking"
    assert event["subtitle"] == colloquium.subtitle
    assert event["type"] == "colloquium"
    assert (event["date"], event["start"], event["duration"]) == ("2018-03-14T18:00:00-04:00", "18:00", "02:00")
    assert event["room"] == "Proskauer’s New York City Offices"
    assert event["language"] == "en"  # it names none: the language its text is shown in (events.languages)
    names = [name for _guid, name in event["persons"]]
    assert sorted(names) == _on_stage_names(colloquium.participations.filter(session=None))
    assert len(names) == 14
    assert {"Angel Nguyen", "Cyrus Vance", "Per Anders Sunesson"} <= set(names)  # names as printed
    assert names[:2] == ["William C. Silverman", "Bob Herbert"]  # programme order: opening, then moderator
    persons = data["schedule"]["conference"]["days"][0]["rooms"][event["room"]][0]["persons"]
    assert [p["role"] for p in persons[:3]] == ["opening address", "moderator", "speaker"]
    assert event["links"][0] == ("https://primetime.bluejeans.com/a2m/live-event/srggcrxk", "Live stream", "media")
    assert (
        "http://testserver/events/combating-online-sex-trafficking-2018/kit.pdf",
        "Participant kit (PDF)",
        "paper",
    ) in (event["links"])
    xml_event = next(iter(_xml_events(_xml(client, EVENT_2018)).values()))
    assert xml_event["language"] == "en"


def test_2014_parts_without_times_are_all_day_items_on_the_first_day(client):
    sessions = Session.objects.filter(event__slug=EVENT_2014).order_by("slug")
    assert [(s.slug, s.starts_at, s.ends_at) for s in sessions] == [
        ("diagnosis", None, None),
        ("prospective", None, None),
    ]
    events = _xml_events(_xml(client, EVENT_2014))
    placed = sorted(
        (e["title"], e["day"], e["date"], e["start"], e["duration"], e["room"], e["type"], e["persons"])
        for e in events.values()
    )
    assert placed == [
        ("Diagnosis", "2014-03-20", "2014-03-20T00:00:00+01:00", "00:00", "24:00", frab.NO_PLACE, "part", []),
        ("Prospective", "2014-03-20", "2014-03-20T00:00:00+01:00", "00:00", "24:00", frab.NO_PLACE, "part", []),
    ]
    [day] = _json(client, EVENT_2014)["schedule"]["conference"]["days"]
    assert (day["day_start"], day["day_end"]) == ("2014-03-20T00:00:00+01:00", "2014-03-21T00:00:00+01:00")
    assert [e["end"] for room in day["rooms"].values() for e in room] == ["2014-03-21T00:00:00+01:00"] * 2
    assert "What frab cannot carry" in frab.__doc__


# --- Identifiers -----------------------------------------------------------------------------------------------


def test_ids_and_guids_are_stable_unique_and_from_natural_keys(client):
    ids, guids, slugs = [], [], []
    for slug in SLUGS:
        xml = _xml(client, slug)
        assert _xml(client, slug) == xml
        assert _json(client, slug) == _json(client, slug)
        events = _xml_events(xml)
        ids += [event["id"] for event in events.values()]
        guids += list(events)
        slugs += [event["slug"] for event in events.values()]
        for guid, event in events.items():
            assert event["id"] == frab.numeric_id(guid)
            assert 1 <= event["id"] < 2**31
            assert event["person_ids"] == [frab.numeric_id(person_guid) for person_guid, _name in event["persons"]]
    assert len(set(ids)) == len(ids) == 8
    assert len(set(guids)) == len(guids) == 8
    assert len(set(slugs)) == len(slugs) == 8
    assert sorted(guids) == sorted(
        [
            stable_uid("session", EVENT_2014, "diagnosis"),
            stable_uid("session", EVENT_2014, "prospective"),
            stable_uid("event", EVENT_2018),
            *(
                stable_uid("event", child)
                for child in Event.objects.filter(parent__slug=EVENT_2019).values_list("slug", flat=True)
            ),
        ]
    )


def test_a_person_has_one_guid_across_events(client):
    thompson = stable_uid("person", "melanie-thompson")
    in_2018 = {
        guid: name for event in _xml_events(_xml(client, EVENT_2018)).values() for guid, name in event["persons"]
    }
    in_2019 = {
        guid: name for event in _xml_events(_xml(client, EVENT_2019)).values() for guid, name in event["persons"]
    }
    assert in_2018[thompson] == in_2019[thompson] == "Melanie Thompson"


@pytest.mark.parametrize("slug", SLUGS)
def test_xml_and_json_carry_the_same_events(client, slug):
    assert _xml_events(_xml(client, slug)) == _json_events(_json(client, slug))


# --- The views -----------------------------------------------------------------------------------------------


def test_content_types_and_methods(client):
    xml = client.get(f"/events/{EVENT_2019}/schedule.xml")
    assert xml["Content-Type"] == "application/vnd.c3voc.schedule+xml; charset=utf-8"
    assert xml.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<schedule>")
    assert client.get(f"/events/{EVENT_2019}/schedule.json")["Content-Type"] == "application/json"
    assert client.head(f"/events/{EVENT_2019}/schedule.json").status_code == 200
    assert client.post(f"/events/{EVENT_2019}/schedule.xml").status_code == 405
    assert client.post(f"/events/{EVENT_2019}/schedule.json").status_code == 405


@pytest.mark.parametrize("ext", ["xml", "json"])
def test_drafts_are_404_except_for_those_who_may_edit_them(client, admin_client, ext):
    assert client.get(f"/events/csw62-2018/schedule.{ext}").status_code == 404
    assert client.get(f"/events/no-such-event/schedule.{ext}").status_code == 404
    assert admin_client.get(f"/events/csw62-2018/schedule.{ext}").status_code == 200


def test_staff_draft_preview_is_valid_and_lists_published_side_events_only(admin_client, shared_dir):
    # The draft CSW62 conference has no dates of its own: its one published child gives it its day.
    xml = _xml(admin_client, "csw62-2018")
    assert [
        error.reason for error in _xsd(shared_dir / "schemas" / "frab-schedule.xsd").iter_errors(io.BytesIO(xml))
    ] == []
    assert [(e["title"], e["type"], e["day"]) for e in _xml_events(xml).values()] == [
        ("Combating Online Sex Trafficking", "colloquium", "2018-03-14")
    ]
    Event.objects.filter(slug="alliance-2019-icat").update(status=Event.Status.DRAFT)
    titles = {e["title"] for e in _json_events(_json(admin_client, EVENT_2019)).values()}
    assert len(titles) == 4
    assert not any(title.startswith("Harnessing Collaboration") for title in titles)


# --- Helpers -------------------------------------------------------------------------------------------------


def test_plain_text():
    assert frab.plain_text("<p>A &amp; B</p><p>C<br>D</p><ul><li>E</li><li>F</li></ul>") == "A & B\n\nC\nD\n\nE\nF"
    assert frab.plain_text("") == ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("English language only", "en"),
        ("French", "fr"),
        ("Français", "fr"),
        ("en", "en"),
        ("English and French", None),
        ("", None),
        ("Sign language", None),
    ],
)
def test_language_code(text, code):
    assert frab.language_code(text) == code


def test_acronym_fits_both_schemas():
    assert frab.acronym("digital-society-2014") == "digital_society_2014"
    assert frab.acronym("ab") == "ab__"
