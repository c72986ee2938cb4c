"""iCalendar exports (events/exports/ical.py): visibility, one-line properties, what the feeds load."""

import datetime as dt

import pytest
from icalendar import Calendar

from events.models import Event, Room, Venue
from events.tests.exports.conftest import DRAFT
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

KIT = "combating-online-sex-trafficking-2018"
ALLIANCE = "alliance-19-2019"


def _calendar(client, path: str) -> Calendar:
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return Calendar.from_ical(response.content)


def _vevents(calendar: Calendar) -> dict[str, object]:
    return {str(vevent["uid"]): vevent for vevent in calendar.walk("VEVENT")}


def test_line_breaks_in_titles_and_places_stay_on_one_line(client):
    # A raw admin POST can store any line break: written here straight to the database.
    Event.objects.filter(slug=KIT).update(title="Combating\r\nOnline\rSex\nTrafficking", lede="One.\r\n\r\nTwo.")
    Venue.objects.filter(events__slug=KIT).update(name="Proskauer\r\nOffices", address="11 Times Square\r\nNew York")
    for path in (f"/events/{KIT}/calendar.ics", "/events.ics"):
        calendar = _calendar(client, path)
        [kit] = [e for e in calendar.walk("VEVENT") if str(e["url"]).endswith(f"/events/{KIT}/")]
        assert str(kit["summary"]) == "Combating Online Sex Trafficking"
        assert str(kit["location"]) == "Proskauer Offices, 11 Times Square, New York"  # the city once
        assert "\n\nOne.\n\nTwo.\n\nModerator: Bob Herbert" in str(kit["description"])  # paragraphs kept
    assert str(_calendar(client, f"/events/{KIT}/calendar.ics")["x-wr-calname"]) == "Combating Online Sex Trafficking"


def test_line_breaks_in_room_names_and_session_titles(client):
    Room.objects.filter(slug="alliance-2019-bibliotheksaal").update(name="Biblio-\r\ntheksaal")
    calendar = _calendar(client, f"/events/{ALLIANCE}/calendar.ics")
    locations = {str(e.get("location", "")) for e in calendar.walk("VEVENT")}
    assert "Biblio- theksaal, 5th floor" in locations
    assert not any("\n" in location or "\r" in location for location in locations)


@pytest.mark.parametrize("path", ["calendar.ics", "schedule.xml", "schedule.json"])
def test_drafts_are_previewed_only_by_those_who_may_edit_them(client, plain_staff, draft_editor, path):
    url = f"/events/{DRAFT}/{path}"
    title = b"62nd Session of the UNCSW"  # the draft's title as the kit prints it

    def answer(response) -> tuple[int, bool]:
        return response.status_code, title in response.content

    assert answer(client.get(url)) == (404, False)
    client.force_login(plain_staff)
    assert answer(client.get(url)) == (404, False)  # staff, but not an editor of this event
    client.force_login(draft_editor)
    assert answer(client.get(url)) == (200, True)


def test_draft_side_events_are_in_no_calendar(admin_client):
    Event.objects.filter(slug="alliance-2019-icat").update(status=Event.Status.DRAFT)
    urls = {str(e["url"]) for e in _calendar(admin_client, f"/events/{ALLIANCE}/calendar.ics").walk("VEVENT")}
    assert "http://testserver/events/alliance-2019-icat/" not in urls
    assert "http://testserver/events/alliance-2019-ict-identification/" in urls
    feed = {str(e["url"]) for e in _calendar(admin_client, "/events.ics").walk("VEVENT")}
    assert "http://testserver/events/alliance-2019-icat/" not in feed


def test_side_event_without_a_venue_is_at_its_conference(client):
    venue = Venue.objects.create(slug="hofburg", name="Hofburg", city="Vienna")
    Event.objects.filter(slug=ALLIANCE).update(venue=venue)
    calendar = _calendar(client, f"/events/{ALLIANCE}/calendar.ics")
    [icat] = [e for e in calendar.walk("VEVENT") if str(e["url"]).endswith("/alliance-2019-icat/")]
    assert str(icat["location"]) == "Bibliotheksaal, 5th floor, Hofburg, Vienna"


@pytest.mark.parametrize("count", [1, 30])
def test_feed_of_all_events_loads_only_what_it_prints(client, django_assert_num_queries, count):
    person = Person.objects.create(slug="feed-person", name="Feed Person")
    for i in range(count):
        event = Event.objects.create(
            slug=f"feed-{i}", title=f"Feed {i}", status="published", timezone="UTC",
            start_date=dt.date(2031, 1, 1), end_date=dt.date(2031, 1, 1),
        )  # fmt: skip
        Participation.objects.create(person=person, event=event, position="Chair")
    # the page cache's data version; events with venue and room, their people; their history, their people's
    with django_assert_num_queries(5):
        calendar = _calendar(client, "/events.ics")
    new = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Feed ")]
    assert len(new) == count
    assert "Speaker: Feed Person, Chair" in str(new[0]["description"])


@pytest.mark.parametrize("count", [1, 30])
def test_event_calendar_loads_no_kit(client, django_assert_num_queries, count):
    event = Event.objects.get(slug=ALLIANCE)
    for i in range(count):
        event.sessions.create(slug=f"feed-session-{i}", title=f"Session {i}")
    # event (venue, room, live stream, proceedings), its people, sessions, their people, side events, their people;
    # the history of the sessions, of the event and its side events, of their people; the page cache's data version
    with django_assert_num_queries(10):
        calendar = _calendar(client, f"/events/{ALLIANCE}/calendar.ics")
    assert len([e for e in calendar.walk("VEVENT") if "Session " in str(e["summary"])]) == count
