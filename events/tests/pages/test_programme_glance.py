"""The programme on the day (events.programme.programme_glance / programme_changes) and the event page showing it."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from events import selectors
from events.models import Event, Room, Session
from events.programme import programme_changes, programme_glance
from events.services import session_save
from events.tests.test_browser import browser, site  # noqa: F401 (fixtures: Chromium, live server with the data)
from speakers.models import Participation, Person

pytestmark = pytest.mark.django_db

ALLIANCE = "alliance-19-2019"
EVENT_2014 = "digital-society-2014"
VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")


def _glance(slug: str):
    return programme_glance(selectors.event_get_visible(slug=slug, user=None))


def _cells(day) -> list[list[str]]:
    """The grid as text: a slot's slug and rows, "^" under a slot still running, "." for a free cell."""
    return [
        [
            f"{(c.slot.entry['session'] or c.slot.entry['event']).slug}/{c.slot.rows}" if c.slot else "^" if c.covered else "."
            for c in row.cells
        ]
        for row in day.rows
    ]  # fmt: skip


def _text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


@pytest.fixture
def conference(room):
    """A published one-day conference in New York with three sessions, one room shared by two overlapping ones."""
    event = Event.objects.create(
        slug="glance", title="Glance", status="published", timezone="America/New_York", venue=room.venue,
        start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14),
    )  # fmt: skip
    other = Room.objects.create(slug="glance-other", venue=room.venue, name="Room 2")
    ny = zoneinfo.ZoneInfo("America/New_York")

    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2030, 3, 14, hour, minute, tzinfo=ny)

    Session.objects.create(event=event, slug="opening", title="Opening", room=room, starts_at=at(9), ends_at=at(10))
    Session.objects.create(event=event, slug="workshop", title="Workshop", room=other, starts_at=at(9), ends_at=at(11))
    Session.objects.create(event=event, slug="side", title="Side talk", room=room, starts_at=at(9, 30), ends_at=at(10))
    Session.objects.create(event=event, slug="after", title="After lunch", room=room, starts_at=at(14))  # no end
    Session.objects.create(event=event, slug="tba", title="To be timed", room=other)
    return event


# --- The grid ------------------------------------------------------------------------------------------------------


def test_2019_grid_has_a_column_per_room_and_rows_at_each_time_in_vienna():
    first, second = _glance(ALLIANCE)
    assert (first.day, first.number, first.rooms) == (dt.date(2019, 4, 8), 1, ["Bibliotheksaal, 5th floor"])
    assert second.rooms == ["Room 525, 5th floor", "Room 532, 5th floor", "Room 531, 5th floor", "Room 533, 5th floor"]
    assert [(row.starts_at, row.ends_at) for row in second.rows] == [
        (dt.datetime(2019, 4, 9, 13, 30, tzinfo=VIENNA), dt.datetime(2019, 4, 9, 13, 45, tzinfo=VIENNA)),
        (dt.datetime(2019, 4, 9, 13, 45, tzinfo=VIENNA), dt.datetime(2019, 4, 9, 14, 45, tzinfo=VIENNA)),
    ]
    assert [str(row.starts_at.tzinfo) for row in second.rows] == ["Europe/Vienna", "Europe/Vienna"]
    assert _cells(second) == [
        ["alliance-2019-minors-digital-age/2", "alliance-2019-tech-against-trafficking/2",
         "alliance-2019-ict-identification/2", "."],
        ["^", "^", "^", "alliance-2019-osce-technology-mapping/1"],
    ]  # fmt: skip
    assert [slot.number for slot in second.slots] == [1, 2, 3, 4]  # the detailed programme's order, for links
    assert second.untimed == []


def test_overlaps_get_a_second_column_gaps_no_rows_and_untimed_entries_their_own_list(conference):
    [day] = programme_glance(selectors.event_get_visible(slug=conference.slug, user=None))
    assert day.rooms == ["Room 1, 5th floor", "Room 1, 5th floor", "Room 2"]
    assert [row.starts_at.strftime("%H:%M") for row in day.rows] == ["09:00", "09:30", "10:00", "14:00"]
    assert _cells(day) == [
        ["opening/2", ".", "workshop/3"],
        ["^", "side/1", "^"],
        [".", ".", "^"],
        ["after/1", ".", "."],
    ]
    assert [row.ends_at.strftime("%H:%M") if row.ends_at else None for row in day.rows] == [
        "09:30", "10:00", "11:00", None
    ]  # fmt: skip
    assert [(t.strftime("%H:%M"), [s.entry["session"].slug for s in slots]) for t, slots in day.by_time] == [
        ("09:00", ["opening", "workshop"]),
        ("09:30", ["side"]),
        ("14:00", ["after"]),
    ]
    assert [(s.entry["session"].slug, s.room) for s in day.untimed] == [("tba", "Room 2")]


def test_2014_parts_have_no_times_and_are_listed_not_gridded():
    [day] = _glance(EVENT_2014)
    assert (day.day, day.rows, day.slots) == (dt.date(2014, 3, 20), [], [])
    assert [slot.entry["session"].title for slot in day.untimed] == ["Diagnosis", "Prospective"]


# --- The page ------------------------------------------------------------------------------------------------------


def test_event_page_shows_the_glance_above_the_detailed_programme(client):
    html = client.get(f"/events/{ALLIANCE}/").content.decode()
    glance, programme = html.index('id="glance"'), html.index('id="programme"')
    assert glance < programme
    table = html[glance:programme]
    # Both forms are there; CSS shows the table on wide screens and the list on phones.
    assert (
        'class="d-none d-md-block table-responsive"' in table,
        'class="list-unstyled d-md-none glance-list"' in table,
    ) == (True, True)
    assert '<td rowspan="2"><a href="#event-alliance-2019-minors-digital-age">' in table
    assert '<th scope="row" class="text-nowrap">1:30 p.m.</th>' in table  # Vienna time, not the server's
    assert 'href="#event-alliance-2019-osce-technology-mapping"' in table
    assert html.count('id="event-alliance-2019-osce-technology-mapping"') == 1  # the link's target


def test_2014_page_lists_untimed_parts_without_inventing_times(client):
    html = client.get(f"/events/{EVENT_2014}/").content
    text = _text(html)
    assert "Times not announced: Diagnosis ; Prospective" in text
    assert b"glance-grid" not in html
    assert b"00:00" not in html


def test_add_to_my_calendar_links_only_on_public_events(client, admin_client, conference):
    html = client.get(conference.get_absolute_url()).content.decode()
    links = re.findall(r'class="add-to-calendar small" href="([^"]+)"', html)
    assert links == [f"/events/glance/sessions/{slug}.ics" for slug in ("opening", "workshop", "side", "after", "tba")]
    assert [client.get(link).status_code for link in links] == [200] * 5
    Event.objects.filter(pk=conference.pk).update(status="draft")
    assert "add-to-calendar" not in admin_client.get(conference.get_absolute_url()).content.decode()  # a preview
    assert admin_client.get(links[0]).status_code == 404


def test_side_events_link_to_their_own_calendar(client):
    html = client.get(f"/events/{ALLIANCE}/").content.decode()
    assert 'class="add-to-calendar small" href="/events/alliance-2019-icat/calendar.ics"' in html


# --- Changes since publication -------------------------------------------------------------------------------------


def _publish_now(event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(published_at=timezone.now())


def test_a_room_and_time_change_after_publication_is_listed(client, conference):
    _publish_now(conference)
    assert b'id="changes"' not in client.get(conference.get_absolute_url()).content  # nothing changed yet
    session = Session.objects.get(event=conference, slug="opening")
    session.room = Room.objects.get(slug="glance-other")
    session.starts_at += dt.timedelta(hours=2)
    session.ends_at += dt.timedelta(hours=2)
    session_save(session=session)
    html = client.get(conference.get_absolute_url()).content
    text = _text(html[html.index(b'id="changes"') : html.index(b'id="programme"')])
    assert "Opening · Time: was March 14, 2030, 9 a.m. – 10 a.m. → now March 14, 2030, 11 a.m. – noon" in text
    assert "Opening · Room: was Room 1, 5th floor → now Room 2" in text
    assert b'<a href="/events/glance/#session-opening">Opening</a>' in html


def test_changes_list_speakers_added_and_removed_and_ignores_edits_before_publication(conference):
    person = Person.objects.create(slug="ada", name="Ada Lovelace")
    session = Session.objects.get(event=conference, slug="side")
    before = Participation.objects.create(person=person, event=conference, session=session, role="speaker")
    Session.objects.filter(pk=session.pk).first().save()  # an edit before publication: no change to announce
    _publish_now(conference)
    before.delete()
    Participation.objects.create(person=person, event=conference, session=session, role="moderator")
    Session.objects.create(event=conference, slug="late", title="Late addition")
    event = selectors.event_get_visible(slug=conference.slug, user=None)
    changes = programme_changes(event, selectors.programme_history_get(event=event))
    assert [(c.title, c.what, c.before, c.after) for c in reversed(changes.changes)] == [
        ("Side talk", "speakers", "Ada Lovelace (speaker)", ""),
        ("Side talk", "speakers", "", "Ada Lovelace (moderator)"),
        ("Late addition", "added", "", "time not announced"),
    ]
    assert changes.sequence == {("session", "side"): 2, ("session", "late"): 1}
    assert changes.modified[("session", "opening")] < changes.modified[("session", "side")]


def test_a_draft_has_no_public_changes(conference, django_assert_num_queries):
    Event.objects.filter(pk=conference.pk).update(status="draft")
    event = Event.objects.get(pk=conference.pk)
    with django_assert_num_queries(0):
        history = selectors.programme_history_get(event=event)
    assert (history.sessions, history.events, history.participations) == ([], [], [])


# --- Queries -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 40])
def test_event_page_queries_do_not_grow_with_sessions_or_changes(client, django_assert_num_queries, room, count):
    event = Event.objects.create(
        slug="many-glance", title="Many", status="published", timezone="Europe/Vienna", venue=room.venue,
        start_date=dt.date(2030, 3, 14), end_date=dt.date(2030, 3, 14), published_at=timezone.now(),
    )  # fmt: skip
    person = Person.objects.create(slug="glance-person", name="Glance Person")
    start = dt.datetime(2030, 3, 14, 8, tzinfo=VIENNA)
    for i in range(count):
        session = Session.objects.create(
            event=event, slug=f"s{i}", title=f"S{i}", room=room,
            starts_at=start + dt.timedelta(minutes=15 * i), ends_at=start + dt.timedelta(minutes=15 * i + 15),
        )  # fmt: skip
        Participation.objects.create(person=person, event=event, session=session, role="speaker")
        session.title = f"Session {i}"
        session.save()  # a recorded edit after publication
    # the event and its relations (organisations in a role among them), then the programme's history (sessions, the
    # event and its side events, people)
    with django_assert_num_queries(15):
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count('class="add-to-calendar small"') == count
    assert response.content.decode().count("<td rowspan=") == count


# --- In a real Chromium --------------------------------------------------------------------------------------------

GLANCE_BOX = """() => {
    const section = document.querySelector('.programme-glance');
    const shown = sel => section.querySelector(sel).checkVisibility();
    return [shown('.glance-grid'), shown('.glance-list'), Math.ceil(section.getBoundingClientRect().right),
            section.scrollWidth <= section.clientWidth];
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "grid", "fits"), [(390, False, 390), (1280, True, 1280)])
def test_a_list_on_phones_and_a_grid_on_wide_screens(browser, site, width, grid, fits):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(site + f"/events/{ALLIANCE}/")
        shows_grid, shows_list, right, no_scroll = page.evaluate(GLANCE_BOX)
        assert (shows_grid, shows_list, right <= fits, no_scroll) == (grid, not grid, True, True)
    finally:
        context.close()
