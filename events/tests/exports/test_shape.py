"""What every export prints comes from one shape (events/programme.py): the same people, places and related events."""

import pytest
from icalendar import Calendar

from events.exports import frab, ical, jsonld
from events.models import Event, EventOrganisation
from events.programme import Place, event_shape

pytestmark = pytest.mark.django_db

ALLIANCE = "alliance-19-2019"
ICAT = "alliance-2019-icat"
KIT = "combating-online-sex-trafficking-2018"


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def _everything_loaded(slug: str) -> Event:
    """The event with all its children and parent, drafts included, as a careless selector would load it."""
    return (
        Event.objects.select_related("parent", "venue", "room")
        .prefetch_related("children", "sessions", "participations__person", "event_organisations__organisation")
        .get(slug=slug)
    )


def test_no_export_prints_a_draft_side_event_whatever_was_loaded():
    Event.objects.filter(slug=ICAT).update(status=Event.Status.DRAFT)
    event = _everything_loaded(ALLIANCE)
    assert ICAT in {child.slug for child in event.children.all()}  # loaded, yet printed nowhere
    calendar = Calendar.from_ical(ical.event_ical(event, absolute))
    assert absolute(f"/events/{ICAT}/") not in {str(e["url"]) for e in calendar.walk("VEVENT")}
    schedule = frab.schedule_dict(event, absolute)
    urls = {e["url"] for day in schedule["schedule"]["conference"]["days"] for r in day["rooms"].values() for e in r}
    assert len(urls) == 4 and absolute(f"/events/{ICAT}/") not in urls
    assert absolute(f"/events/{ICAT}/") not in {e["url"] for e in jsonld.event_jsonld(event, absolute)["subEvent"]}


def test_no_export_names_a_draft_parent():
    event = _everything_loaded(KIT)  # held during csw62-2018, a draft
    assert event.parent.slug == "csw62-2018"
    assert event_shape(event).parent is None
    assert "superEvent" not in jsonld.event_jsonld(event, absolute)
    Event.objects.filter(slug="csw62-2018").update(
        status=Event.Status.PUBLISHED, title="CSW62", start_date="2018-03-12", end_date="2018-03-23"
    )
    event = _everything_loaded(KIT)
    assert jsonld.event_jsonld(event, absolute)["superEvent"]["url"] == absolute("/events/csw62-2018/")


def test_organisers_are_the_organising_roles_only():
    event = _everything_loaded(KIT)
    shape = event_shape(event)
    assert [(eo.organisation.slug, eo.role) for eo in shape.organisers] == [
        ("scelles-foundation", "organiser"),
        ("sanctuary-for-families", "co_organiser"),
        ("permanent-mission-of-france-to-the-un", "co_organiser"),
        ("thomson-reuters-foundation", "co_organiser"),
    ]  # Proskauer hosts: not an organiser
    assert [o["name"] for o in jsonld.event_jsonld(event, absolute)["organizer"]] == [
        eo.organisation.name for eo in shape.organisers
    ]


def test_people_in_list_order_one_performer_each():
    event = _everything_loaded(KIT)
    shape = event_shape(event)
    assert [(p.person.slug, p.role) for p in shape.people[:2]] == [
        ("bob-herbert", "moderator"),
        ("william-c-silverman", "opening"),
    ]
    performers = [p["name"] for p in jsonld.event_jsonld(event, absolute)["performer"]]
    assert performers[:2] == ["Bob Herbert", "William C. Silverman"]
    assert len(performers) == len({p.person_id for p in shape.everyone})


def test_one_place_formatter():
    event = _everything_loaded(KIT)
    venue = event.venue
    venue.address = "11 Times Square\r\n41st and 8th Avenue\n"
    place = Place(None, venue)
    assert place.name == "Proskauer’s New York City Offices"
    assert place.address == "Proskauer’s New York City Offices, 11 Times Square, 41st and 8th Avenue, New York"
    assert place.line == place.address
    assert place.key == ("venue", venue.slug)
    assert not Place()
    assert Place().key is None


def test_shape_is_made_once_per_event():
    event = _everything_loaded(KIT)
    assert event_shape(event) is event_shape(event)
    EventOrganisation.objects.filter(event=event).delete()
    assert len(event_shape(event).organisers) == 4  # from what was loaded, never queried again
