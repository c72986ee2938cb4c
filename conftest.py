import datetime as dt
import os
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import call_command

SHARED_DIR = Path(__file__).resolve().parent.parent / "shared"


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` belong to the PostgreSQL pass of `./dev test` and tests marked `sqlite` to the SQLite
    pass; each pass deselects the other's, so neither pass skips anything."""
    from django.db import connection

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real 2014/2018/2019 fixtures are loaded once; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_fixtures", verbosity=0)


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a French request must not leave its language to the next test's reverse()."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page (eventsite.infra.pagecache): the data version is rolled back with the
    test's transaction, so the next test would find pages cached for the same version and other content."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_DIR} is missing: CI must run with ../shared beside the project")
        pytest.skip(f"{SHARED_DIR} is absent: this test reads the shared source documents or schemas")
    return SHARED_DIR


# --- Small objects for unit tests, shared by both apps --------------------------------------------------------------

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def organisation(db):
    from events.models import Organisation

    return Organisation.objects.create(slug="test-org", name="Test Organisation")


@pytest.fixture
def venue(db):
    from events.models import Venue

    return Venue.objects.create(slug="test-venue", name="Test Venue", city="New York")


@pytest.fixture
def room(venue):
    from events.models import Room

    return Room.objects.create(slug="test-room", venue=venue, name="Room 1", floor="5th floor")


@pytest.fixture
def event(organisation):
    from events.models import Event, EventOrganisation

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
    from events.models import Session

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
def person(db):
    from speakers.models import Person

    return Person.objects.create(slug="test-person", name="Test Person")
