import datetime as dt
import zoneinfo

import pytest

from events.models import Event, EventOrganisation, Organisation, Room, Session, Venue
from speakers.models import Person

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(slug="test-org", name="Test Organisation")


@pytest.fixture
def venue(db) -> Venue:
    return Venue.objects.create(slug="test-venue", name="Test Venue", city="New York")


@pytest.fixture
def room(venue) -> Room:
    return Room.objects.create(slug="test-room", venue=venue, name="Room 1", floor="5th floor")


@pytest.fixture
def event(organisation) -> Event:
    event = Event.objects.create(
        slug="test-event",
        title="Test Colloquium",
        kind=Event.Kind.COLLOQUIUM,
        start_date=dt.date(2030, 3, 14),
        end_date=dt.date(2030, 3, 15),
        timezone="America/New_York",
    )
    EventOrganisation.objects.create(event=event, organisation=organisation, role=EventOrganisation.Role.ORGANISER)
    return event


@pytest.fixture
def make_session(event, room):
    def make(slug: str, start_hour: int, end_hour: int, day: int = 14, **kwargs) -> Session:
        return Session(
            event=kwargs.pop("event", event),
            slug=slug,
            title=slug.title(),
            starts_at=dt.datetime(2030, 3, day, start_hour, tzinfo=NEW_YORK),
            ends_at=dt.datetime(2030, 3, day, end_hour, tzinfo=NEW_YORK),
            room=kwargs.pop("room", room),
            **kwargs,
        )

    return make


@pytest.fixture
def person(db) -> Person:
    return Person.objects.create(slug="test-person", name="Test Person")
