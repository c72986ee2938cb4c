"""Calendars on the day: one session's .ics, untimed parts, paragraphs, and updates reaching subscribers (SEQUENCE,
LAST-MODIFIED, DTSTAMP, frab version) from the programme's history."""

import datetime as dt
import json

import pytest
from icalendar import Calendar

from events.exports.ids import stable_uid
from events.models import Event, Room, Session
from events.services import session_save

pytestmark = pytest.mark.django_db

ALLIANCE = "alliance-19-2019"
EVENT_2014 = "digital-society-2014"
FIXED_2000 = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _calendar(client, path: str) -> Calendar:
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return Calendar.from_ical(response.content)


def _vevents(calendar: Calendar) -> dict[str, object]:
    return {str(vevent["uid"]): vevent for vevent in calendar.walk("VEVENT")}


def _session_uid(event: str, session: str) -> str:
    return f"{stable_uid('session', event, session)}@eventsite"


def _move(event: Event, slug: str, *, hours: int = 0, room: Room | None = None) -> None:
    session = Session.objects.get(event=event, slug=slug)
    session.starts_at += dt.timedelta(hours=hours)
    session.ends_at += dt.timedelta(hours=hours)
    session.room = room or session.room
    session_save(session=session)


# --- One session ---------------------------------------------------------------------------------------------------


def test_a_session_alone_is_the_same_entry_as_in_the_event_calendar(client, timed_event):
    response = client.get("/events/timed/sessions/second.ics")
    assert response["Content-Disposition"] == 'attachment; filename="timed-second.ics"'
    [alone] = Calendar.from_ical(response.content).walk("VEVENT")
    in_event = _vevents(_calendar(client, "/events/timed/calendar.ics"))[_session_uid("timed", "second")]
    fields = ("uid", "summary", "dtstart", "dtend", "location", "description", "url", "sequence", "dtstamp")
    assert [alone.get(f) for f in fields] == [in_event.get(f) for f in fields]
    assert alone.decoded("dtstart") == dt.datetime(2030, 6, 3, 11, tzinfo=timed_event.tz)
    assert str(alone["dtstart"].params["TZID"]) == "Europe/Vienna"


def test_only_sessions_of_public_events_have_an_ics(client, admin_client, timed_event):
    assert client.get("/events/timed/sessions/nowhere.ics").status_code == 404
    assert client.get("/events/alliance-19-2019/sessions/first.ics").status_code == 404  # another event's slug
    Event.objects.filter(pk=timed_event.pk).update(status="draft")
    assert client.get("/events/timed/sessions/first.ics").status_code == 404
    assert admin_client.get("/events/timed/sessions/first.ics").status_code == 404  # not even as a preview


@pytest.mark.parametrize("count", [1, 30])
def test_a_session_ics_loads_only_its_session(client, django_assert_num_queries, timed_event, count):
    for i in range(count):
        Session.objects.create(event=timed_event, slug=f"extra-{i}", title=f"Extra {i}")
    # the page cache's data version; the session (event, venue, rooms), its people; the history of the sessions, of
    # the event, of the people
    with django_assert_num_queries(6):
        _calendar(client, "/events/timed/sessions/first.ics")


# --- Text and untimed parts ----------------------------------------------------------------------------------------


def test_description_keeps_paragraphs(client, timed_event):
    icat = _vevents(_calendar(client, f"/events/{ALLIANCE}/calendar.ics"))
    [description] = [str(v["description"]) for v in icat.values() if str(v["url"]).endswith("/alliance-2019-icat/")]
    assert "global levels.\n\nFor the first time" in description
    [session] = _calendar(client, "/events/timed/sessions/first.ics").walk("VEVENT")
    assert str(session["description"]) == "One paragraph.\n\nAnother one."


def test_2014_untimed_parts_are_all_day_dates(client):
    vevents = _calendar(client, f"/events/{EVENT_2014}/calendar.ics").walk("VEVENT")
    days = {str(v["summary"]).split(" (")[0]: (v.decoded("dtstart"), v.decoded("dtend")) for v in vevents}
    first, next_day = dt.date(2014, 3, 20), dt.date(2014, 3, 21)
    title = Event.objects.get(slug=EVENT_2014).title
    assert days == {"Diagnosis": (first, next_day), "Prospective": (first, next_day), title: (first, next_day)}
    assert {type(v.decoded("dtstart")) for v in vevents} == {dt.date}  # DATE values, no time of day
    assert b"DTSTART;VALUE=DATE:20140320" in client.get(f"/events/{EVENT_2014}/calendar.ics").content


# --- Updates -------------------------------------------------------------------------------------------------------


def test_dtstamp_is_real(client, timed_event):
    for vevent in _calendar(client, "/events/timed/calendar.ics").walk("VEVENT"):
        assert vevent.decoded("dtstamp") > FIXED_2000
    for vevent in _calendar(client, "/events.ics").walk("VEVENT"):
        assert vevent.decoded("dtstamp") > FIXED_2000


def test_a_moved_session_gets_a_new_sequence_and_last_modified_everywhere(client, timed_event):
    uid = _session_uid("timed", "first")
    before = _vevents(_calendar(client, "/events/timed/calendar.ics"))
    assert [int(before[uid]["sequence"]), int(before[_session_uid("timed", "second")]["sequence"])] == [0, 0]
    version_before = json.loads(client.get("/events/timed/schedule.json").content)["schedule"]["version"]

    other = Room.objects.create(slug="timed-other", venue=timed_event.venue, name="Room 9")
    _move(timed_event, "first", hours=4, room=other)  # time and room: two changes
    record = Session.history.filter(event_id=timed_event.pk, slug="first").latest("history_date")

    after = _vevents(_calendar(client, "/events/timed/calendar.ics"))
    [alone] = _calendar(client, "/events/timed/sessions/first.ics").walk("VEVENT")
    for vevent in (after[uid], alone):
        assert int(vevent["sequence"]) == 2
        assert vevent.decoded("last-modified") == record.history_date.replace(microsecond=0)
        assert vevent.decoded("dtstamp") == vevent.decoded("last-modified")
        assert str(vevent["location"]).startswith("Room 9")
    assert int(after[_session_uid("timed", "second")]["sequence"]) == 0  # untouched
    version_after = json.loads(client.get("/events/timed/schedule.json").content)["schedule"]["version"]
    assert (version_before.split(".")[0], version_after.split(".")[0]) == ("0", "2")
    assert b"<version>" + version_after.encode() + b"</version>" in client.get("/events/timed/schedule.xml").content

    _move(timed_event, "first", hours=-4, room=Room.objects.get(slug="test-room"))  # undone: still news
    undone = json.loads(client.get("/events/timed/schedule.json").content)["schedule"]["version"]
    assert undone.split(".") == ["4", version_before.split(".")[1]]


def test_an_event_moved_after_publication_has_the_same_sequence_in_both_feeds(client, timed_event):
    event = Event.objects.get(pk=timed_event.pk)
    event.starts_at = dt.datetime(2030, 6, 3, 8, tzinfo=event.tz)
    event.save()
    uid = f"{stable_uid('event', 'timed')}@eventsite"
    in_feed = _vevents(_calendar(client, "/events.ics"))[uid]
    in_event = _vevents(_calendar(client, "/events/timed/calendar.ics"))[uid]
    assert [int(in_feed["sequence"]), int(in_event["sequence"])] == [1, 1]
    assert in_feed.decoded("last-modified") == in_event.decoded("last-modified")


def test_changes_before_publication_do_not_count(client, timed_event):
    Event.objects.filter(pk=timed_event.pk).update(published_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    _move(timed_event, "first", hours=5)
    vevent = _vevents(_calendar(client, "/events/timed/calendar.ics"))[_session_uid("timed", "first")]
    assert int(vevent["sequence"]) == 0
    assert vevent.decoded("last-modified") > FIXED_2000  # still dated by its last edit
